"""What this app adds to pages: the dashboard, the navigation and the school profile."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from brokering import dashboard
from brokering.matching import similar_schools
from brokering.models import SupportRequest
from brokering.permissions import (
    may_see_school_requests,
    may_see_support_requests,
    may_work_the_queue,
)
from hubs.access import scope_for
from partnership.lib.digest import DigestWeek, absolute_url
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


# A digest names at most this many requests; the rest are on the requests page.
DIGEST_REQUESTS = 8


@section(Page.DIGEST)
def digest(user, week: DigestWeek) -> list[tuple[str, list]]:
    """New requests from a hub manager's schools (or a contact's own school) in the week past;
    for the central team, the queue's requests past their first-response target."""
    scope = scope_for(user)
    parts = []
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(week.past_start, datetime.time.min, zone)
    until = datetime.datetime.combine(week.starts_on, datetime.time.min, zone)
    if scope.managed_hub_ids or scope.contact_school_ids:
        new = (
            SupportRequest.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
            .filter(Q(hub_id__in=scope.managed_hub_ids) | Q(school_id__in=scope.contact_school_ids))
            .select_related("school")
            .order_by("-submitted_at")[:DIGEST_REQUESTS]
        )
        lines = [(str(r), absolute_url(r.get_absolute_url())) for r in new]
        if lines:
            parts.append(("New support requests last week", lines))
    if scope.whole_network:
        overdue = SupportRequest.objects.open().overdue(week.starts_on).count()
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
