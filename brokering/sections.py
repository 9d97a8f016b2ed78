"""What this app adds to pages: the dashboard, the navigation and the school profile."""

from brokering import dashboard
from brokering.matching import similar_schools
from brokering.models import SupportRequest
from hubs.access import scope_for
from partnership.lib.sections import Page, section

REQUESTS_SHOWN = 10


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    scope = scope_for(user)
    items = []
    if scope.whole_network:
        items.append(("Queue", "brokering:queue"))
    elif scope.hub_ids or scope.contact_school_ids:
        items.append(("Support requests", "brokering:request_list"))
    if user.is_authenticated:
        items.append(("Directory", "brokering:directory"))
    return items


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user, scope_for(user))


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
                "requests": requests or (None if not _may_see_requests(user, school) else []),
            },
        )
    ]


def _may_see_requests(user, school) -> bool:
    scope = scope_for(user)
    return (
        scope.whole_network
        or school.pk in scope.contact_school_ids
        or (school.hub_id is not None and school.hub_id in scope.hub_ids)
    )
