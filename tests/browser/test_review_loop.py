"""The review loop as one journey, as each person in it: the school evaluates itself, a peer adds
evidence, the lead writes and submits the report, the central team returns it, the lead mends it,
the central team approves and publishes it (the school sees nothing of the report before then);
the school then keeps its improvement plan, and the next year's team records what became of each
EBI. axe checks every page on the way; the plan and outcome pages also fit a 390 px phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hubs.years import academic_year_of, academic_year_start
from reviews.models import EbiOutcome, EvidenceNote, ImprovementAction, Review, SelfEvaluation
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
EBI = "Sharpen assessment in maths."


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
    assert_accessible(page)


def as_user(page, user, path: str) -> None:
    page.context.clear_cookies()
    sign_in(page, user)
    page.goto(f"{page.base_url}{path}")
    assert_accessible(page)


def fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_review_loop_from_self_evaluation_to_the_next_reviews_outcomes(
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
    page.get_by_label("Add an even better if").fill(EBI)
    assert_accessible(page)
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
    assert_accessible(page)
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

    as_user(page, central_team, url)
    change_status(page, "Approved")
    change_status(page, "Published")

    as_user(page, contact_b, url)
    expect(page.get_by_text(f"{STRENGTH} Years R to 6.")).to_be_visible()
    expect(page.get_by_role("columnheader", name="The school's own estimate")).to_be_visible()
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED

    # 5. The school keeps its improvement plan: an action on the EBI, then its progress.
    ebi = review.ebis.get()
    page.get_by_role("link", name="Improvement plan").click()
    expect(page.get_by_role("heading", name="Improvement plan", level=1)).to_be_visible()
    assert_accessible(page)
    fits_a_phone(page)
    page.get_by_text("Add an action").click()
    page.get_by_label("Action").fill("Maths lead observes every class each term.")
    page.get_by_label("Due").fill(f"{ends.year + 1}-03-31")
    page.get_by_label("RAG status").select_option(label="Amber: under way")
    page.get_by_role("button", name="Add the action").click()
    # The owner was left out: the form opens again with what was typed.
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("Action")).to_have_value("Maths lead observes every class each term.")
    assert_accessible(page)
    page.get_by_label("Owner").fill("Maths lead")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added to the plan.")).to_be_visible()
    assert_accessible(page)
    action = ImprovementAction.objects.get(ebi=ebi)
    assert (action.owner, action.rag) == ("Maths lead", "amber")

    page.get_by_role("link", name="Change the action").click()
    assert_accessible(page)
    page.get_by_label("RAG status").select_option(label="Green: done or on track")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Action updated.")).to_be_visible()
    expect(page.get_by_text("Green", exact=True)).to_be_visible()
    assert_accessible(page)
    fits_a_phone(page)
    action.refresh_from_db()
    assert action.rag == "green"

    # 6. The next year's team, on site, records what became of each of the report's EBIs.
    next_year = academic_year_of(starts) + 1
    next_starts = academic_year_start(next_year) + datetime.timedelta(weeks=8)
    next_review = ReviewFactory(
        school=school_b,
        academic_year=next_year,
        framework=framework,
        starts_on=next_starts,
        ends_on=next_starts + datetime.timedelta(days=2),
        status=Review.Status.ON_SITE,
    )
    next_lead = LeadReviewerFactory(user__full_name="Nia Next", school=SchoolFactory(hub=hub_a))
    TeamMemberFactory(review=next_review, reviewer=next_lead)
    as_user(page, next_lead.user, next_review.get_absolute_url())
    for select in page.locator("select[name^=ebi-]").all():
        select.select_option(label="Partly addressed")
    page.get_by_role("button", name="Save the outcomes").click()
    expect(page.get_by_text("Outcomes saved (1 recorded).")).to_be_visible()
    expect(page.get_by_label(EBI)).to_have_value("partly")
    assert_accessible(page)
    fits_a_phone(page)
    outcome = EbiOutcome.objects.get(ebi=ebi)
    assert (outcome.review, outcome.outcome, outcome.recorded_by) == (
        next_review,
        "partly",
        next_lead.user,
    )
