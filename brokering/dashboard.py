"""Panels this app adds to the role-based dashboard."""

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from brokering.models import OPEN_STATUSES, Feedback, Status, SupportRequest
from hubs.figures import network_cached
from hubs.permissions import (
    contact_school_ids,
    is_central_team,
    is_hub_staff,
    is_school_contact,
    staffed_hub_ids,
)

RECENT = 5


def _averages(feedback) -> dict:
    return feedback.aggregate(
        quality=Avg("quality_rating"), service=Avg("service_rating"), count=Count("id")
    )


def _counts_and_averages(requests) -> tuple[dict, dict]:
    """The requests' counts by stage and their feedback's averages, in one query.

    Grouped by status (a few rows) and totalled here: seven filtered counts took Django longer
    to build than the database takes to run them. Feedback is one-to-one with its request, so
    the join adds no rows to count twice.
    """
    today = timezone.localdate()
    rows = (
        requests.order_by()
        .values_list("status")
        .annotate(
            n=Count("id"),
            overdue=Count(
                "id", filter=Q(first_responded_at__isnull=True, first_response_due__lt=today)
            ),
            unassigned=Count("id", filter=Q(broker__isnull=True)),
            quality=Sum("feedback__quality_rating"),
            service=Sum("feedback__service_rating"),
            rated=Count("feedback"),
        )
    )
    stages = {
        "submitted": [Status.SUBMITTED],
        "matching": [Status.TRIAGED, Status.MATCHING],
        "in_progress": [Status.BROKERED, Status.IN_PROGRESS],
        "completed": [Status.COMPLETED, Status.CLOSED],
    }
    counts = dict.fromkeys(["open", *stages, "overdue", "unassigned"], 0)
    quality = service = rated = 0
    for status, n, overdue, unassigned, status_quality, status_service, status_rated in rows:
        for stage, statuses in stages.items():
            if status in statuses:
                counts[stage] += n
        if status in OPEN_STATUSES:
            counts["open"] += n
            counts["unassigned"] += unassigned
        counts["overdue"] += overdue
        quality += status_quality or 0
        service += status_service or 0
        rated += status_rated
    averages = {
        "quality": quality / rated if rated else None,
        "service": service / rated if rated else None,
        "count": rated,
    }
    return counts, averages


def _recent(requests) -> list[SupportRequest]:
    """The latest requests with their practice areas' names, fetched in the same query."""
    return list(
        requests.select_related("school").with_area_names().only("status", "school__name")[:RECENT]
    )


def panels(user) -> list[tuple[str, dict]]:
    """(template name, context) pairs, each rendered as one dashboard card."""
    if is_central_team(user):
        return [
            (
                "brokering/panels/central.html",
                {
                    **network_cached(
                        "brokering-panel",
                        lambda: {
                            "counts": _counts_and_averages(SupportRequest.objects.all())[0],
                            "averages": _averages(Feedback.objects.all()),
                        },
                    ),
                    "mine": SupportRequest.objects.open().filter(broker_id=user.pk).count(),
                },
            )
        ]
    result = []
    if is_hub_staff(user):
        requests = SupportRequest.objects.filter(hub_id__in=staffed_hub_ids(user))
        counts, averages = _counts_and_averages(requests)
        result.append(
            (
                "brokering/panels/hub.html",
                {
                    "counts": counts,
                    "averages": averages,
                    "network": network_cached(
                        "brokering-averages", lambda: _averages(Feedback.objects.all())
                    ),
                    "recent": _recent(requests),
                },
            )
        )
    if is_school_contact(user):
        requests = SupportRequest.objects.filter(school_id__in=contact_school_ids(user))
        result.append(("brokering/panels/school.html", {"recent": _recent(requests)}))
    return result
