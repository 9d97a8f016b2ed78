"""Panels this app adds to the role-based dashboard."""

import datetime

from django.db.models import Avg, Count, Q

from hubs.figures import network_cached
from hubs.years import academic_year_label, current_academic_year
from reviews.models import HeadteacherFeedback, Review

LISTED = 8


def panels(user, scope) -> list[tuple[str, dict]]:
    """(template name, context) pairs, each rendered as one dashboard card."""
    if not user.is_authenticated:
        return []
    year = current_academic_year()
    today = datetime.date.today()
    found = []
    if scope.whole_network:
        network = network_cached(f"reviews-panel:{year}", lambda: _network(year, today))
        found.append(("reviews/panels/network.html", network))
    elif scope.hub_ids:
        reviews = Review.objects.filter(school__hub_id__in=scope.hub_ids)
        found.append(("reviews/panels/hub.html", _hub(reviews, year, today, scope)))
    if scope.contact_school_ids and not scope.whole_network:
        found.append(("reviews/panels/school.html", _school(scope)))
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


def _hub(reviews, year: int, today: datetime.date, scope) -> dict:
    return {
        "year_label": academic_year_label(year),
        "year": year,
        "hub_id": next(iter(scope.hub_ids)) if len(scope.hub_ids) == 1 else None,
        "status_counts": _status_counts(reviews, year),
        "overdue": list(reviews.overdue(today).for_table().order_by("ends_on")[:LISTED]),
        "upcoming": list(
            reviews.active()
            .filter(starts_on__gte=today, academic_year=year)
            .for_table()
            .order_by("starts_on")[:LISTED]
        ),
    }


def _school(scope) -> dict:
    reviews = (
        Review.objects.filter(school_id__in=scope.contact_school_ids)
        .select_related("school")
        .annotate(has_feedback=Count("feedback"))
        .order_by("-starts_on")[:LISTED]
    )
    return {"reviews": list(reviews)}
