"""Panels this app adds to the role-based dashboard."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Avg, Count, OuterRef, Q
from django.utils import timezone

from brokering.models import OPEN_STATUSES, Feedback, Status, SupportRequest
from hubs.figures import network_cached
from reviews.models import PracticeArea

RECENT = 5


def _averages(feedback) -> dict:
    return feedback.aggregate(
        quality=Avg("quality_rating"), service=Avg("service_rating"), count=Count("id")
    )


def _count_aggregates() -> dict:
    today = timezone.localdate()
    return {
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "submitted": Count("id", filter=Q(status=Status.SUBMITTED)),
        "matching": Count("id", filter=Q(status__in=[Status.TRIAGED, Status.MATCHING])),
        "in_progress": Count("id", filter=Q(status__in=[Status.BROKERED, Status.IN_PROGRESS])),
        "completed": Count("id", filter=Q(status__in=[Status.COMPLETED, Status.CLOSED])),
        "overdue": Count(
            "id", filter=Q(first_responded_at__isnull=True, first_response_due__lt=today)
        ),
        "unassigned": Count("id", filter=Q(status__in=OPEN_STATUSES, broker__isnull=True)),
    }


def _counts(requests) -> dict:
    return requests.aggregate(**_count_aggregates())


def _counts_and_averages(requests) -> tuple[dict, dict]:
    """The requests' counts and their feedback's averages, in one query.

    Feedback is one-to-one with its request, so the join adds no rows to count twice.
    """
    row = requests.order_by().aggregate(
        **_count_aggregates(),
        quality=Avg("feedback__quality_rating"),
        service=Avg("feedback__service_rating"),
        feedback_count=Count("feedback"),
    )
    averages = {
        "quality": row.pop("quality"),
        "service": row.pop("service"),
        "count": row.pop("feedback_count"),
    }
    return row, averages


def _recent(requests) -> list[SupportRequest]:
    """The latest requests with their practice areas' names, fetched in the same query."""
    areas = PracticeArea.objects.filter(support_requests=OuterRef("pk")).values("name")
    return list(
        requests.select_related("school").annotate(practice_area_names=ArraySubquery(areas))[
            :RECENT
        ]
    )


def panels(user, scope) -> list[tuple[str, dict]]:
    """(template name, context) pairs, each rendered as one dashboard card."""
    if scope.whole_network:
        return [
            (
                "brokering/panels/central.html",
                {
                    **network_cached(
                        "brokering-panel",
                        lambda: {
                            "counts": _counts(SupportRequest.objects.all()),
                            "averages": _averages(Feedback.objects.all()),
                        },
                    ),
                    "mine": SupportRequest.objects.open().filter(broker_id=user.pk).count(),
                },
            )
        ]
    result = []
    if scope.hub_ids:
        requests = SupportRequest.objects.filter(hub_id__in=scope.hub_ids)
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
    if scope.contact_school_ids:
        requests = SupportRequest.objects.filter(school_id__in=scope.contact_school_ids)
        result.append(("brokering/panels/school.html", {"recent": _recent(requests)}))
    return result
