"""The review up to publication, as each person in it: the school evaluates itself, a peer adds
evidence, the lead writes and submits the report, the central team returns it, the lead mends it,
the central team approves and publishes it; the school sees nothing of the report before then."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hubs.years import academic_year_of
from reviews.models import EvidenceNote, Review, SelfEvaluation
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import (
    LeadReviewerFactory,
    ReviewerFactory,
    ReviewFactory,
    TeamMemberFactory,
    current_framework,
    practice_area,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STRENGTH = "Reading is taught superbly from Reception."


def last_week() -> tuple[datetime.date, datetime.date]:
    starts = timezone.localdate() - datetime.timedelta(days=7)
    if academic_year_of(starts) != academic_year_of(starts + datetime.timedelta(days=2)):
        starts -= datetime.timedelta(days=3)
    return starts, starts + datetime.timedelta(days=2)


def change_status(page, to: str, note: str = "") -> None:
    page.get_by_label("Move the review to").select_option(label=to)
    if note:
        page.get_by_label("Note (comments for the lead when returning the report)").fill(note)
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text(f"Review now {to}.")).to_be_visible()


def as_user(page, user, path: str) -> None:
    page.context.clear_cookies()
    sign_in(page, user)
    page.goto(f"{page.base_url}{path}")


def test_the_review_from_self_evaluation_to_publication(
    page, central_team, contact_b, school_b, hub_a
):
    framework = current_framework()
    practice_area("Maths")
    starts, ends = last_week()
    review = ReviewFactory(
        school=school_b,
        academic_year=academic_year_of(starts),
        framework=framework,
        starts_on=starts,
        ends_on=ends,
        status=Review.Status.TEAM_CONFIRMED,
    )
    lead = LeadReviewerFactory(user__full_name="Lena Lead", school=SchoolFactory(hub=hub_a))
    peer = ReviewerFactory(user__full_name="Pat Peer", school=SchoolFactory(hub=hub_a))
    for reviewer in (lead, peer, ReviewerFactory(school=SchoolFactory(hub=hub_a))):
        TeamMemberFactory(review=review, reviewer=reviewer)
    url = review.get_absolute_url()

    # 1. The school records its self-evaluation.
    as_user(page, contact_b, url)
    page.get_by_role("link", name="Record the school's self-evaluation").click()
    assert_accessible(page)
    for select in page.locator("select[name^=heading_]").all():
        select.select_option(label="Leading")
    page.get_by_label("The focus you want the team to look at").fill("Reading in Key Stage 2")
    page.get_by_role("button", name="Save the self-evaluation").click()
    expect(page.get_by_text("Self-evaluation saved.")).to_be_visible()
    assert SelfEvaluation.objects.get(review=review).focus == "Reading in Key Stage 2"

    as_user(page, central_team, url)
    change_status(page, "On site")

    # 2. A peer adds evidence; the lead reads the pack, records estimates and submits.
    as_user(page, peer.user, "/reviews/mine/")
    assert_accessible(page)
    page.get_by_role("link", name=school_b.name).click()
    page.get_by_role("link", name="Evidence notes").click()
    assert_accessible(page)
    page.get_by_label("Heading").select_option(index=0)
    page.get_by_label("Evidence").fill("Year 5 readers explain their choices with confidence.")
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.get_by_text("Evidence added.")).to_be_visible()
    assert EvidenceNote.objects.filter(review=review, author=peer.user).count() == 1

    as_user(page, lead.user, url)
    page.get_by_role("link", name="Pre-review pack").click()
    expect(page.get_by_text("Reading in Key Stage 2")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{page.base_url}{url}")
    page.get_by_role("link", name="Record estimates, strengths and EBIs").click()
    for select in page.locator("select[name^=heading_]").all():
        select.select_option(label="Effective")
    page.get_by_label("Add a strength (what went well)").fill(STRENGTH)
    page.get_by_label("Add an even better if").fill("Sharpen assessment in maths.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("Report saved.")).to_be_visible()
    page.goto(f"{page.base_url}{url}")
    change_status(page, "Report drafted")
    change_status(page, "Submitted for QA")

    # 3. The central team returns it, the lead mends it, the central team publishes it.
    as_user(page, central_team, url)
    change_status(page, "Returned to the lead", note="Say which year groups the strength covers.")
    as_user(page, lead.user, url)
    expect(page.get_by_text("Say which year groups the strength covers.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record estimates, strengths and EBIs").click()
    page.get_by_label("Strength 1", exact=True).fill(f"{STRENGTH} Years R to 6.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("Report saved.")).to_be_visible()
    page.goto(f"{page.base_url}{url}")
    change_status(page, "Submitted for QA")

    # 4. The school sees nothing of the report before publication.
    as_user(page, contact_b, url)
    expect(page.get_by_text("The report is shown here once")).to_be_visible()
    expect(page.get_by_text(STRENGTH)).to_have_count(0)
    expect(page.get_by_text("Say which year groups")).to_have_count(0)
    assert_accessible(page)

    as_user(page, central_team, url)
    change_status(page, "Approved")
    change_status(page, "Published")

    as_user(page, contact_b, url)
    expect(page.get_by_text(f"{STRENGTH} Years R to 6.")).to_be_visible()
    expect(page.get_by_role("columnheader", name="The school's own estimate")).to_be_visible()
    assert_accessible(page)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
