"""The hub's dashboard panels: what they count and list (their queries are pinned with the
other key pages' in test_key_page_queries)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import brokering.dashboard
import reviews.dashboard
from brokering.models import OPEN_STATUSES, Status, SupportRequest
from hubs.permissions import staffed_hub_ids
from reviews.models import Review
from tests.factories.brokering import FeedbackFactory, PracticeAreaFactory, SupportRequestFactory
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import ReviewFactory

pytestmark = pytest.mark.django_db

YEAR = 2025  # 2025/26
TODAY = datetime.date(2025, 12, 1)


def review(hub, **kwargs) -> Review:
    """A review at a school of its own: a school has one annual review a year."""
    return ReviewFactory(school=SchoolFactory(hub=hub), **kwargs)


def hub_reviews_panel(user) -> dict:
    hub_ids = staffed_hub_ids(user)
    hub_reviews = Review.objects.filter(school__hub_id__in=hub_ids)
    return reviews.dashboard._hub(hub_reviews, YEAR, TODAY, hub_ids)


def test_the_reviews_panel_counts_this_years_reviews_by_status(hub_manager_a, hub_a):
    review(hub_a, academic_year=YEAR, status=Review.Status.PLANNED)
    review(hub_a, academic_year=YEAR, status=Review.Status.PUBLISHED)
    # Last year's review is not counted.
    review(hub_a, academic_year=YEAR - 1, status=Review.Status.PLANNED)

    counts = dict(hub_reviews_panel(hub_manager_a)["status_counts"])

    assert counts["Planned"] == 1
    assert counts["Published"] == 1
    assert counts["Cancelled"] == 0


def test_the_reviews_panel_lists_overdue_reports_from_any_year_oldest_first(hub_manager_a, hub_a):
    late_this_year = review(
        hub_a,
        academic_year=YEAR,
        status=Review.Status.ON_SITE,
        starts_on=datetime.date(2025, 10, 1),
    )
    late_last_year = review(
        hub_a,
        academic_year=YEAR - 1,
        status=Review.Status.REPORT_DRAFTED,
        starts_on=datetime.date(2025, 3, 3),
    )
    # Ended less than four weeks ago: the report is not due yet.
    review(
        hub_a,
        academic_year=YEAR,
        status=Review.Status.ON_SITE,
        starts_on=datetime.date(2025, 11, 24),
    )
    # Published: nothing is overdue.
    review(
        hub_a,
        academic_year=YEAR - 1,
        status=Review.Status.PUBLISHED,
        starts_on=datetime.date(2025, 3, 3),
    )

    assert hub_reviews_panel(hub_manager_a)["overdue"] == [late_last_year, late_this_year]


def test_the_reviews_panel_lists_reviews_to_come_this_year_soonest_first(
    hub_manager_a, hub_a, hub_b
):
    later = review(hub_a, academic_year=YEAR, starts_on=datetime.date(2026, 2, 2))
    sooner = review(hub_a, academic_year=YEAR, starts_on=datetime.date(2025, 12, 1))
    # Cancelled, already started, next year's, or another hub's: not listed.
    review(
        hub_a,
        academic_year=YEAR,
        starts_on=datetime.date(2026, 1, 5),
        status=Review.Status.CANCELLED,
    )
    review(hub_a, academic_year=YEAR, starts_on=datetime.date(2025, 11, 3))
    review(hub_a, academic_year=YEAR + 1, starts_on=datetime.date(2026, 10, 5))
    review(hub_b, academic_year=YEAR, starts_on=datetime.date(2026, 1, 5))

    assert hub_reviews_panel(hub_manager_a)["upcoming"] == [sooner, later]


def test_the_requests_panel_counts_requests_and_averages_their_feedback(
    hub_manager_a, school_a, school_b
):
    SupportRequestFactory(school=school_a, status=Status.SUBMITTED)
    SupportRequestFactory(school=school_a, status=Status.MATCHING)
    FeedbackFactory(request__school=school_a, quality_rating=6, service_rating=10)
    FeedbackFactory(request__school=school_a, quality_rating=9, service_rating=7)
    # Another hub's request and feedback count in neither.
    FeedbackFactory(request__school=school_b, quality_rating=1, service_rating=1)

    (_, panel), *_ = brokering.dashboard.panels(hub_manager_a)

    assert (panel["counts"]["open"], panel["counts"]["completed"]) == (2, 2)
    assert panel["counts"]["submitted"] == 1
    assert panel["averages"] == {"quality": 7.5, "service": 8.5, "count": 2}


STAGES = {
    "open": OPEN_STATUSES,
    "submitted": [Status.SUBMITTED],
    "matching": [Status.TRIAGED, Status.MATCHING],
    "in_progress": [Status.BROKERED, Status.IN_PROGRESS],
    "completed": [Status.COMPLETED, Status.CLOSED],
}


def counted_one_by_one(requests) -> dict:
    today = timezone.localdate()
    counts = {
        stage: sum(r.status in statuses for r in requests) for stage, statuses in STAGES.items()
    }
    counts["overdue"] = sum(
        r.first_responded_at is None and r.first_response_due < today for r in requests
    )
    counts["unassigned"] = sum(r.status in OPEN_STATUSES and r.broker_id is None for r in requests)
    return counts


def test_every_count_of_the_requests_panels_matches_the_requests_one_by_one(
    hub_manager_a, central_team, school_a, school_b
):
    for number, status in enumerate([*Status, Status.SUBMITTED, Status.MATCHING]):
        request = SupportRequestFactory(school=school_a if number % 3 else school_b, status=status)
        changes = {}
        if number % 2:
            changes["broker"] = central_team
        if number % 4 == 1:
            changes["first_responded_at"] = timezone.now()
        if number % 5 == 2:
            changes["first_response_due"] = timezone.localdate() + datetime.timedelta(days=3)
        SupportRequest.objects.filter(pk=request.pk).update(**changes)

    (_, hub_panel), *_ = brokering.dashboard.panels(hub_manager_a)
    (_, central_panel), *_ = brokering.dashboard.panels(central_team)

    hub_requests = list(SupportRequest.objects.filter(hub=school_a.hub))
    assert hub_panel["counts"] == counted_one_by_one(hub_requests)
    assert central_panel["counts"] == counted_one_by_one(list(SupportRequest.objects.all()))
    assert 0 < hub_panel["counts"]["overdue"] < hub_panel["counts"]["open"] + 1
    assert 0 < central_panel["counts"]["unassigned"] < central_panel["counts"]["open"]


def test_the_requests_panel_names_each_recent_requests_practice_areas(
    client_for, hub_manager_a, school_a
):
    reading = PracticeAreaFactory(name="Early reading", slug="early-reading", position=1)
    send = PracticeAreaFactory(name="SEND", slug="send", position=2)
    SupportRequestFactory(school=school_a, practice_areas=[send, reading])

    response = client_for(hub_manager_a).get(reverse("dashboard"))

    assert f"{school_a.name}: Early reading, SEND" in response.content.decode()
