"""Panels this app adds to the role-based dashboard."""

from django.db.models import Avg, Count, Q
from django.utils import timezone

from brokering.models import OPEN_STATUSES, Feedback, Status, SupportRequest
from hubs.figures import network_cached

RECENT = 5


def _averages(feedback) -> dict:
    return feedback.aggregate(
        quality=Avg("quality_rating"), service=Avg("service_rating"), count=Count("id")
    )


def _counts(requests) -> dict:
    today = timezone.localdate()
    return requests.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
        matching=Count("id", filter=Q(status__in=[Status.TRIAGED, Status.MATCHING])),
        in_progress=Count("id", filter=Q(status__in=[Status.BROKERED, Status.IN_PROGRESS])),
        completed=Count("id", filter=Q(status__in=[Status.COMPLETED, Status.CLOSED])),
        overdue=Count(
            "id", filter=Q(first_responded_at__isnull=True, first_response_due__lt=today)
        ),
        unassigned=Count("id", filter=Q(status__in=OPEN_STATUSES, broker__isnull=True)),
    )


def _recent(requests) -> list[SupportRequest]:
    return list(requests.select_related("school").prefetch_related("practice_areas")[:RECENT])


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
        result.append(
            (
                "brokering/panels/hub.html",
                {
                    "counts": _counts(requests),
                    "averages": _averages(
                        Feedback.objects.filter(request__hub_id__in=scope.hub_ids)
                    ),
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
