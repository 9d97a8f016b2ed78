"""Panels this app adds to the role-based dashboard."""

import datetime
from collections import Counter

from django.db.models import Avg, Count, Q

from hubs.figures import network_cached
from hubs.permissions import (
    contact_school_ids,
    is_central_team,
    is_hub_staff,
    is_school_contact,
    staffed_hub_ids,
)
from hubs.years import academic_year_label, current_academic_year
from reviews.models import HeadteacherFeedback, Review

LISTED = 8
PANEL_FIELDS = ("school__name", "academic_year", "starts_on", "ends_on", "status")


def panels(user) -> list[tuple[str, dict]]:
    """(template name, context) pairs, each rendered as one dashboard card."""
    if not user.is_authenticated:
        return []
    year = current_academic_year()
    today = datetime.date.today()
    found = []
    if is_central_team(user):
        network = network_cached(f"reviews-panel:{year}", lambda: _network(year, today))
        found.append(("reviews/panels/network.html", network))
    elif is_hub_staff(user):
        hub_ids = staffed_hub_ids(user)
        reviews = Review.objects.filter(school__hub_id__in=hub_ids)
        found.append(("reviews/panels/hub.html", _hub(reviews, year, today, hub_ids)))
    if is_school_contact(user):
        found.append(("reviews/panels/school.html", _school(contact_school_ids(user))))
    return found


def _status_counts(reviews, year: int) -> list[tuple[str, int]]:
    counts = dict(
        reviews.filter(academic_year=year)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(status.label, counts.get(status.value, 0)) for status in Review.Status]


def _network(year: int, today: datetime.date) -> dict:
    averages = HeadteacherFeedback.objects.aggregate(
        impact=Avg("impact_rating"),
        development=Avg("development_rating"),
        count=Count("pk"),
        impact_year=Avg("impact_rating", filter=Q(review__academic_year=year - 1)),
        development_year=Avg("development_rating", filter=Q(review__academic_year=year - 1)),
    )
    return {
        "year_label": academic_year_label(year),
        "last_year_label": academic_year_label(year - 1),
        "year": year,
        "status_counts": _status_counts(Review.objects.all(), year),
        "overdue_count": Review.objects.overdue(today).count(),
        "averages": averages,
    }


def _hub(reviews, year: int, today: datetime.date, hub_ids) -> dict:
    """This year's reviews by status, the overdue reports and what is coming up, in one query.

    A hub has a few dozen reviews a year, so this year's and any overdue from earlier years
    are fetched together and sorted here, rather than counted and listed in three queries.
    """
    rows = list(
        (reviews.filter(academic_year=year) | reviews.overdue(today))
        .select_related("school")
        # What the panel shows and sorts by: a review's text and a school's details stay unread.
        .only(*PANEL_FIELDS)
        .order_by()
    )
    this_year = [review for review in rows if review.academic_year == year]
    counts = Counter(review.status for review in this_year)
    overdue = sorted(
        (r for r in rows if r.report_overdue_on(today)),
        key=lambda r: (r.ends_on, r.pk),
    )
    upcoming = sorted(
        (r for r in this_year if r.status != Review.Status.CANCELLED and r.starts_on >= today),
        key=lambda r: (r.starts_on, r.pk),
    )
    return {
        "year_label": academic_year_label(year),
        "year": year,
        "hub_id": next(iter(hub_ids)) if len(hub_ids) == 1 else None,
        "status_counts": [(status.label, counts[status.value]) for status in Review.Status],
        "overdue": overdue[:LISTED],
        "upcoming": upcoming[:LISTED],
    }


def _school(school_ids) -> dict:
    reviews = (
        Review.objects.filter(school_id__in=school_ids)
        .select_related("school", "kind")
        .annotate(has_feedback=Count("feedback"))
        .order_by("-starts_on")[:LISTED]
    )
    return {"reviews": list(reviews)}
