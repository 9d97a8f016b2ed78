"""The central team runs a QA review from scheduling to publication; the headteacher rates it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hubs.years import academic_year_of
from reviews.models import AreaOfExcellence, Review
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import (
    LeadReviewerFactory,
    ReviewerFactory,
    current_framework,
    practice_area,
    review_kind,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def last_week() -> tuple[datetime.date, datetime.date]:
    """A visit that has ended, inside one academic year: it may go on site and be published."""
    starts = timezone.localdate() - datetime.timedelta(days=7)
    if academic_year_of(starts) != academic_year_of(starts + datetime.timedelta(days=2)):
        starts -= datetime.timedelta(days=3)
    return starts, starts + datetime.timedelta(days=2)


def change_status(page, to: str) -> None:
    page.get_by_label("Move the review to").select_option(label=to)
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text(f"Review now {to}.")).to_be_visible()


def test_central_team_runs_a_review_and_the_headteacher_gives_feedback(
    page, central_team, contact_b, school_b, hub_a
):
    # A transactional test may have flushed the rows the data migrations add; make them again.
    current_framework()
    review_kind()
    practice_area("Maths")
    # Reviewers from hub A (no conflict with school B), and one from school B itself.
    lead = LeadReviewerFactory(user__full_name="Lena Lead", school=SchoolFactory(hub=hub_a))
    for name in ["Pat Peer", "Quinn Peer"]:
        ReviewerFactory(user__full_name=name, school=SchoolFactory(hub=hub_a))
    own = ReviewerFactory(user__full_name="Olly Own", school=school_b)

    sign_in(page, central_team)
    page.goto(f"{page.base_url}/reviews/new/")
    assert_accessible(page)
    starts, ends = last_week()
    page.get_by_label("School", exact=True).fill(school_b.urn)
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill(ends.isoformat())
    page.get_by_role("button", name="Schedule review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(school_b.name)
    review = Review.objects.get(school=school_b)
    assert_accessible(page)

    page.get_by_role("link", name="Review team").first.click()
    assert_accessible(page)
    # A reviewer from the school itself is blocked, whatever reason is given.
    page.get_by_label("Reviewer's email address").fill(own.user.email)
    page.get_by_label("Role").select_option(label="Peer reviewer")
    page.get_by_label("Reason to override a conflict (if any)").fill("We need them.")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_text(re.compile("own school", re.I)).first).to_be_visible()

    page.get_by_role("button", name=f"Add {lead.user.full_name} as lead reviewer").click()
    page.get_by_role("button", name="Add Pat Peer as peer reviewer").click()
    page.get_by_role("button", name="Add Quinn Peer as peer reviewer").click()
    assert review.team.count() == 3
    assert not review.team.filter(reviewer=own).exists()

    page.goto(f"{page.base_url}{review.get_absolute_url()}")
    change_status(page, "Team confirmed")
    change_status(page, "On site")

    page.get_by_role("link", name="Record estimates, strengths and EBIs").click()
    assert_accessible(page)
    for select in page.locator("select[name^=heading_]").all():
        select.select_option(label="Effective")
    page.get_by_label("Add a strength (what went well)").fill("Reading is taught superbly.")
    page.get_by_label("Add an even better if").fill("Sharpen assessment in maths.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("Report saved.")).to_be_visible()

    page.goto(f"{page.base_url}{review.get_absolute_url()}")
    page.get_by_label("Practice area").select_option(label="Maths")
    page.get_by_label("Description").fill("Bar models from Reception to Year 6.")
    page.get_by_role("button", name="Save nomination").click()
    page.get_by_role("radio", name="Verified", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    change_status(page, "Report drafted")
    change_status(page, "Submitted for QA")
    change_status(page, "Approved")
    change_status(page, "Published")
    assert_accessible(page)

    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    area = AreaOfExcellence.objects.get(school=school_b)
    assert area.status == AreaOfExcellence.Status.VERIFIED and area.review == review

    page.context.clear_cookies()
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}{review.get_absolute_url()}feedback/")
    assert_accessible(page)
    page.get_by_label(re.compile("impact", re.I)).select_option("8")
    page.get_by_label(re.compile("development", re.I)).select_option("9")
    page.get_by_role("button", name="Send feedback").click()
    review.refresh_from_db()
    assert review.feedback.impact_rating == 8
    assert review.feedback.development_rating == 9
