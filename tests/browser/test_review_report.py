"""The review report page keeps everything typed; feedback starts empty; dates are kept to the
visit; a review is scheduled from the school's profile."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import HeadteacherFeedback, Review
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.reviews import (
    ReviewFactory,
    StrengthFactory,
    TeamMemberFactory,
    current_framework,
    practice_area,
    published_review,
    review_kind,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TODAY = timezone.localdate()


def test_every_part_of_the_report_is_saved_together_and_a_strength_edited(
    page, central_team, school_b
):
    current_framework()
    practice_area("Maths")
    review = ReviewFactory(school=school_b, status=Review.Status.ON_SITE)
    sign_in(page, central_team)
    page.goto(f"{page.base_url}/reviews/{review.pk}/report/")
    for select in page.locator("select[name^=heading_]").all():
        select.select_option(label="Effective")
    page.get_by_label("What went well: summary").fill("A calm, purposeful school.")
    page.get_by_label("Add a strength (what went well)").fill("Reading is taught superbly.")
    page.get_by_label("Add an even better if").fill("Sharpen assessment in maths.")
    page.get_by_label("Practice area of the new even better if").select_option(label="Maths")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save the report").click()

    expect(page.get_by_text("Report saved.")).to_be_visible()
    review.refresh_from_db()
    assert review.what_went_well_summary == "A calm, purposeful school."
    assert review.estimates.count() == review.framework.headings.count()
    assert list(review.strengths.values_list("text", flat=True)) == ["Reading is taught superbly."]
    assert review.ebis.get().practice_area.name == "Maths"
    assert_accessible(page)

    page.get_by_label("Strength 1", exact=True).fill("Reading is taught superbly, from Reception.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("Report saved.")).to_be_visible()
    assert review.strengths.get().text == "Reading is taught superbly, from Reception."
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_concurrent_change_keeps_what_was_typed_on_screen(page, central_team, school_b):
    current_framework()
    review = ReviewFactory(school=school_b, status=Review.Status.ON_SITE)
    sign_in(page, central_team)
    page.goto(f"{page.base_url}/reviews/{review.pk}/report/")
    page.get_by_label("Add a strength (what went well)").fill("Typed on an old page.")
    StrengthFactory(review=review, text="Someone else's")
    Review.objects.filter(pk=review.pk).update(version=review.version + 1)
    page.get_by_role("button", name="Save the report").click()

    expect(page.get_by_text("Someone else changed this review")).to_be_visible()
    expect(page.get_by_text("Typed on an old page.")).to_be_visible()
    assert list(review.strengths.values_list("text", flat=True)) == ["Someone else's"]


def test_untouched_feedback_is_refused_and_the_comment_kept(page, contact_b, school_b):
    current_framework()
    review = published_review(school=school_b)
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}/reviews/{review.pk}/feedback/")
    expect(page.get_by_label(re.compile("impact", re.I))).to_have_value("")
    page.get_by_label("Comment").fill("Thoughtful team.")
    page.get_by_role("button", name="Send feedback").click()

    expect(
        page.get_by_text(re.compile("Choose a rating from 1 to 10 for the impact"))
    ).to_be_visible()
    expect(page.get_by_label("Comment")).to_have_value("Thoughtful team.")
    assert not HeadteacherFeedback.objects.exists()
    assert_accessible(page)


def test_a_review_cannot_go_on_site_before_it_starts(page, central_team, school_b):
    current_framework()
    starts = TODAY + datetime.timedelta(days=7)
    review = ReviewFactory(
        school=school_b,
        kind=review_kind("immersion"),
        academic_year=starts.year if starts.month >= 9 else starts.year - 1,
        starts_on=starts,
        ends_on=starts,
        status=Review.Status.TEAM_CONFIRMED,
    )
    TeamMemberFactory(review=review)
    sign_in(page, central_team)
    page.goto(f"{page.base_url}{review.get_absolute_url()}")
    page.get_by_label("Move the review to").select_option(label="On site")
    page.get_by_role("button", name="Change status").click()

    expect(page.get_by_text(f"The review starts on {starts:%-d %B %Y}")).to_be_visible()
    review.refresh_from_db()
    assert review.status == Review.Status.TEAM_CONFIRMED


def test_a_review_is_scheduled_from_the_school_profile(page, central_team, school_b):
    current_framework()
    review_kind()  # the kinds the form offers, made again after a flush
    sign_in(page, central_team)
    page.goto(f"{page.base_url}{school_b.get_absolute_url()}")
    page.get_by_role("link", name=f"Schedule a review of {school_b.name}").click()
    expect(page.get_by_label("School", exact=True)).to_have_value(school_b.urn)
    starts_max = page.get_by_label("Starts on").get_attribute("max")
    assert starts_max and starts_max > TODAY.isoformat()
    page.get_by_label("Starts on").fill("9998-09-09")
    page.get_by_label("Ends on").fill("9998-09-10")
    page.get_by_role("button", name="Schedule review").click()
    expect(page.get_by_text("Reviews fall between").first).to_be_visible()
    assert not Review.objects.exists()

    starts = TODAY + datetime.timedelta(days=14)
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill(starts.isoformat())
    page.get_by_label("Kind").select_option(label="Immersion day")
    # A double click sends the form once.
    page.get_by_role("button", name="Schedule review").dblclick()
    expect(page.get_by_role("heading", level=1)).to_contain_text(school_b.name)
    assert Review.objects.filter(school=school_b).count() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/reviews/new/?school={school_b.urn}")


def test_a_school_is_searched_by_name_and_picked_keeping_the_dates(page, central_team, hub_a):
    from tests.factories.hubs import SchoolFactory

    current_framework()
    review_kind()  # the kinds the form offers, made again after a flush
    SchoolFactory(name="Wistful North", hub=hub_a)
    south = SchoolFactory(name="Wistful South", hub=hub_a)
    starts = TODAY + datetime.timedelta(days=21)
    sign_in(page, central_team)
    page.goto(f"{page.base_url}/reviews/new/")
    page.get_by_label("School", exact=True).fill("wistful")
    page.get_by_label("Starts on").fill(starts.isoformat())
    page.get_by_label("Ends on").fill((starts + datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Schedule review").click()
    expect(page.get_by_text("Several schools match")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("radio", name=re.compile("Wistful South")).check()
    page.get_by_label("School", exact=True).press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Wistful South")
    review = Review.objects.get()
    assert (review.school, review.starts_on) == (south, starts)
