"""Review dates stay in a sensible window, and a review moves on site or to published only when
its dates allow."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Review, review_date_window
from tests.factories.reviews import ReviewFactory, TeamMemberFactory, record_report, review_kind

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_the_window_runs_to_two_academic_years_ahead():
    earliest, latest = review_date_window(datetime.date(2026, 12, 5))
    assert earliest == datetime.date(1990, 9, 1)
    assert latest == datetime.date(2029, 8, 31)


def test_a_review_in_9998_is_refused(school_a):
    review = ReviewFactory.build(
        school=school_a,
        academic_year=9998,
        starts_on=datetime.date(9998, 9, 9),
        ends_on=datetime.date(9998, 9, 10),
    )
    with pytest.raises(ValidationError) as raised:
        review.full_clean()
    assert "Reviews fall between" in raised.value.message_dict["starts_on"][0]


def test_the_database_refuses_an_absurd_year(school_a):
    with pytest.raises(IntegrityError):
        ReviewFactory(
            school=school_a,
            academic_year=9998,
            starts_on=datetime.date(9998, 9, 9),
            ends_on=datetime.date(9998, 9, 10),
        )


def test_the_schedule_form_refuses_9998_and_keeps_what_was_typed(
    client_for, central_team, school_a
):
    response = client_for(central_team).post(
        reverse("reviews:create"),
        {
            "school": school_a.urn,
            "kind": "annual",
            "starts_on": "9998-09-09",
            "ends_on": "9998-09-10",
            "submission_token": "0b7e5a0c-51d1-4d8c-9a52-2c6f3f5e9b11",
        },
    )
    assert response.status_code == 200
    assert "Reviews fall between" in response.content.decode()
    assert 'value="9998-09-09"' in response.content.decode()
    assert not Review.objects.exists()


def test_the_date_inputs_show_the_window(client_for, central_team):
    page = client_for(central_team).get(reverse("reviews:create")).content.decode()
    earliest, latest = review_date_window()
    assert f'min="{earliest.isoformat()}"' in page
    assert f'max="{latest.isoformat()}"' in page


def _confirmed(school, starts_on):
    review = ReviewFactory(
        school=school,
        academic_year=starts_on.year if starts_on.month >= 9 else starts_on.year - 1,
        starts_on=starts_on,
        ends_on=starts_on,
        kind=review_kind("immersion"),
        status=Review.Status.TEAM_CONFIRMED,
    )
    TeamMemberFactory(review=review)
    return review


def test_a_review_cannot_go_on_site_before_it_starts(school_a, central_team):
    review = _confirmed(school_a, TODAY + DAY)
    with pytest.raises(ValidationError) as raised:
        services.review_transition(
            review=review, to=Review.Status.ON_SITE, version=review.version, by=central_team
        )
    assert "it can be on site from that day" in raised.value.messages[0]
    review.refresh_from_db()
    assert review.status == Review.Status.TEAM_CONFIRMED


def test_a_review_goes_on_site_on_its_first_day(school_a, central_team):
    review = _confirmed(school_a, TODAY)
    services.review_transition(
        review=review, to=Review.Status.ON_SITE, version=review.version, by=central_team
    )
    review.refresh_from_db()
    assert review.status == Review.Status.ON_SITE


@pytest.mark.parametrize("ends", [TODAY, TODAY + DAY])
def test_a_report_cannot_be_published_before_the_visit_ends(school_a, central_team, ends):
    review = ReviewFactory(
        school=school_a,
        academic_year=TODAY.year if TODAY.month >= 9 else TODAY.year - 1,
        starts_on=ends,
        ends_on=ends,
        kind=review_kind("immersion"),
        status=Review.Status.APPROVED,
    )
    record_report(review)
    with pytest.raises(ValidationError) as raised:
        services.review_transition(
            review=review, to=Review.Status.PUBLISHED, version=review.version, by=central_team
        )
    assert "the report can be published from the day after" in raised.value.messages[0]
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED


def test_the_refusal_is_shown_on_the_review_page(client_for, central_team, school_a):
    review = _confirmed(school_a, TODAY + 7 * DAY)
    response = client_for(central_team).post(
        reverse("reviews:transition", args=[review.pk]),
        {"to": "on_site", "version": review.version},
        follow=True,
    )
    assert f"The review starts on {review.starts_on:%-d %B %Y}" in response.content.decode()
