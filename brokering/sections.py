"""What this app adds to pages: the dashboard, the navigation and the school profile."""

import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from brokering import dashboard
from brokering.matching import similar_schools
from brokering.models import Engagement, Feedback, RequestEvent, SupportRequest
from brokering.permissions import (
    may_see_school_requests,
    may_see_support_requests,
    may_work_the_queue,
)
from hubs.access import scope_for
from partnership.lib.digest import DigestBatch, absolute_url, first
from partnership.lib.sections import Page, section

REQUESTS_SHOWN = 10


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    items = []
    if may_work_the_queue(user):
        items.append(("Queue", "brokering:queue"))
    elif may_see_support_requests(user):
        items.append(("Support requests", "brokering:request_list"))
    if user.is_authenticated:
        items.append(("Directory", "brokering:directory"))
    return items


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user)


@section(Page.SCHOOL_PROFILE)
def similar_schools_and_requests(user, school) -> list[tuple[str, dict]]:
    """Similar schools for everyone; the school's requests for those who may see them."""
    if not user.is_authenticated:
        return []
    requests = list(
        SupportRequest.objects.visible_to(user)
        .filter(school=school)
        .with_area_names()
        .only("status", "submitted_at")[:REQUESTS_SHOWN]
    )
    return [
        (
            "brokering/sections/school_profile.html",
            {
                "school": school,
                "similar": list(similar_schools(school, limit=8)),
                # None hides the list from someone who may see none of this school's requests.
                "requests": requests or (None if not may_see_school_requests(user, school) else []),
            },
        )
    ]


@section(Page.PERSONAL_DATA)
def personal_data(user, person) -> list[tuple[str, list[dict]]]:
    """Requests they raised or brokered, engagements they proposed or answered, their feedback."""
    return [
        (
            "support_requests_raised_or_brokered",
            list(
                SupportRequest.objects.filter(Q(raised_by=person) | Q(broker=person))
                .order_by("submitted_at")
                .values(
                    "id",
                    "status",
                    "needed",
                    "submitted_at",
                    "raised_by_id",
                    "broker_id",
                    school_name=F("school__name"),
                )
            ),
        ),
        (
            "engagements_proposed_or_answered",
            list(
                Engagement.objects.filter(Q(proposed_by=person) | Q(responded_by=person))
                .order_by("proposed_at")
                .values(
                    "request_id",
                    "status",
                    "proposed_at",
                    "proposed_by_id",
                    "proposal_note",
                    "responded_at",
                    "responded_by_id",
                    "response_note",
                    provider_name=F("provider__name"),
                )
            ),
        ),
        (
            "support_feedback_given",
            list(
                Feedback.objects.filter(given_by=person).values(
                    "request_id", "quality_rating", "service_rating", "comment", "given_at"
                )
            ),
        ),
        (
            "support_request_events",
            list(
                RequestEvent.objects.filter(by=person)
                .order_by("at")
                .values("request_id", "kind", "from_status", "to_status", "note", "at")
            ),
        ),
    ]


# A digest names at most this many requests; the rest are on the requests page.
DIGEST_REQUESTS = 8


def _week_requests(batch: DigestBatch) -> dict:
    """The week past's new requests from the batch's managers' hubs and contacts' schools, by
    hub and by school: one query for the whole batch."""
    scopes = [scope_for(user) for user in batch.users]
    hub_ids = set().union(*(scope.managed_hub_ids for scope in scopes))
    school_ids = set().union(*(scope.contact_school_ids for scope in scopes))
    by_hub: dict[int, list] = {}
    by_school: dict[int, list] = {}
    if hub_ids or school_ids:
        zone = timezone.get_current_timezone()
        since = datetime.datetime.combine(batch.week.past_start, datetime.time.min, zone)
        until = datetime.datetime.combine(batch.week.starts_on, datetime.time.min, zone)
        new = (
            SupportRequest.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
            .filter(Q(hub_id__in=hub_ids) | Q(school_id__in=school_ids))
            .select_related("school")
        )
        for request in new:
            by_hub.setdefault(request.hub_id, []).append(request)
            by_school.setdefault(request.school_id, []).append(request)
    return {"by_hub": by_hub, "by_school": by_school}


def _request_line(request) -> tuple[str, str]:
    return str(request), absolute_url(request.get_absolute_url())


def _latest(request) -> tuple:
    return -request.submitted_at.timestamp(), -request.pk


@section(Page.DIGEST)
def digest(user, batch: DigestBatch) -> list[tuple[str, list]]:
    """New requests from a hub manager's schools (or a contact's own school) in the week past;
    for the central team, the queue's requests past their first-response target."""
    scope = scope_for(user)
    parts = []
    if scope.managed_hub_ids or scope.contact_school_ids:
        found = batch.once("brokering requests", _week_requests)
        theirs = [r for hub in scope.managed_hub_ids for r in found["by_hub"].get(hub, [])]
        theirs += [
            r for school in scope.contact_school_ids for r in found["by_school"].get(school, [])
        ]
        new = first(theirs, DIGEST_REQUESTS, key=_latest)
        lines = [batch.line(r, _request_line) for r in new]
        if lines:
            parts.append(("New support requests last week", lines))
    if scope.whole_network:
        overdue = batch.once(
            "brokering overdue",
            lambda b: SupportRequest.objects.open().overdue(b.week.starts_on).count(),
        )
        if overdue:
            parts.append(
                (
                    "The brokering queue",
                    [
                        (
                            f"{overdue} request{'s' if overdue != 1 else ''} past the "
                            "first-response target",
                            absolute_url(reverse("brokering:queue") + "?overdue=yes"),
                        )
                    ],
                )
            )
    return parts
