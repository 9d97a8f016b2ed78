"""The review's own rules: publication, framework versions, dates, and two editors at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews import services
from reviews.models import Framework, Review
from reviews.services import STALE_MESSAGE, StaleReview
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import (
    ReviewerFactory,
    ReviewFactory,
    TeamMemberFactory,
    current_framework,
    record_report,
    review_kind,
)


@pytest.fixture
def drafted(school_b):
    """A report quality-assured and approved, ready to publish."""
    return ReviewFactory(school=school_b, status=Review.Status.APPROVED)


def test_a_review_cannot_be_published_without_its_report(drafted, central_team):
    with pytest.raises(ValidationError) as raised:
        services.review_transition(
            review=drafted, to=Review.Status.PUBLISHED, version=drafted.version, by=central_team
        )

    messages = " ".join(raised.value.messages)
    assert "Record an estimate for every heading" in messages
    assert "at least one strength" in messages
    assert "at least one even better if" in messages
    drafted.refresh_from_db()
    assert drafted.status == Review.Status.APPROVED


def test_a_complete_report_is_published_and_the_change_recorded(drafted, central_team):
    record_report(drafted)

    services.review_transition(
        review=drafted, to=Review.Status.PUBLISHED, version=drafted.version, by=central_team
    )

    drafted.refresh_from_db()
    assert drafted.status == Review.Status.PUBLISHED
    change = drafted.status_changes.latest("changed_at")
    assert (change.from_status, change.to_status, change.changed_by) == (
        Review.Status.APPROVED,
        Review.Status.PUBLISHED,
        central_team,
    )


@pytest.fixture
def framework_2025(db):
    current_framework()
    framework = Framework.objects.create(name="Revised framework", effective_from_year=2025)
    framework.headings.create(position=1, title="Curriculum and teaching")
    framework.grades.create(position=1, label="Strong")
    return framework


def test_a_review_takes_the_framework_in_force_in_its_year(framework_2025, school_b, central_team):
    def schedule(year: int) -> Review:
        starts_on = datetime.date(year, 11, 3)
        return services.review_create(
            school=school_b,
            kind=review_kind("spotlight"),
            spotlight_scope="Maths",
            academic_year=year,
            starts_on=starts_on,
            ends_on=starts_on,
            by=central_team,
        )

    assert schedule(2024).framework == current_framework()
    assert schedule(2025).framework == framework_2025


def test_an_older_review_keeps_its_own_headings(framework_2025, school_b):
    old = record_report(ReviewFactory(school=school_b, academic_year=2024))

    # Its report is complete under its own framework, whatever came in since.
    assert old.publication_problems() == []
    assert set(old.estimates.values_list("heading__framework", flat=True)) == {old.framework_id}


def test_review_dates_must_fall_inside_the_academic_year(school_b, central_team):
    current_framework()

    with pytest.raises(ValidationError) as raised:
        services.review_create(
            school=school_b,
            kind=review_kind("annual"),
            academic_year=2024,
            starts_on=datetime.date(2025, 9, 8),
            ends_on=datetime.date(2025, 9, 10),
            by=central_team,
        )

    assert "must fall inside the academic year 2024/25" in " ".join(raised.value.messages)
    assert not Review.objects.exists()


def test_the_second_of_two_editors_is_told_and_overwrites_nothing(school_b, central_team):
    review = ReviewFactory(school=school_b)
    shown = review.version
    first_dates = (datetime.date(2024, 11, 11), datetime.date(2024, 11, 13))

    services.review_update(
        review=review,
        version=shown,
        by=central_team,
        starts_on=first_dates[0],
        ends_on=first_dates[1],
    )
    with pytest.raises(StaleReview):
        services.review_update(
            review=review,
            version=shown,
            by=central_team,
            starts_on=datetime.date(2024, 12, 2),
            ends_on=datetime.date(2024, 12, 4),
        )

    review.refresh_from_db()
    assert (review.starts_on, review.ends_on) == first_dates


def test_the_edit_page_says_so_when_someone_else_saved_first(client_for, central_team, school_b):
    review = ReviewFactory(school=school_b)
    url = reverse("reviews:edit", args=[review.pk])
    form = {"kind": "annual", "spotlight_scope": "", "version": review.version}
    first, second = client_for(central_team), client_for(central_team)

    saved = first.post(url, {**form, "starts_on": "2024-11-11", "ends_on": "2024-11-13"})
    refused = second.post(url, {**form, "starts_on": "2024-12-02", "ends_on": "2024-12-04"})

    assert saved.status_code == 302
    assert STALE_MESSAGE in refused.content.decode()
    review.refresh_from_db()
    assert review.starts_on == datetime.date(2024, 11, 11)


@pytest.mark.parametrize("count", [5, 50])
def test_the_calendar_runs_the_same_queries_for_any_number_of_reviews(
    client_for, central_team, hub_b, count, django_assert_num_queries
):
    for n in range(count):
        review = ReviewFactory(
            school=SchoolFactory(hub=hub_b, name=f"Listed School {n}"),
            starts_on=datetime.date(2024, 10, 1 + n % 28),
        )
        TeamMemberFactory(review=review, reviewer=ReviewerFactory())
    client = client_for(central_team)

    # session, user; the year's reviews counted by month, COUNT of the month's
    # reviews, one page of them with their schools and hubs
    with django_assert_num_queries(5):
        page = client.get(reverse("reviews:calendar"), {"year": 2024, "month": 10})
    assert page.content.decode().count("Listed School") == count
