"""What this app adds to pages: the dashboard, the navigation and the school profile."""

from brokering import dashboard
from brokering.matching import similar_schools
from brokering.models import SupportRequest
from brokering.permissions import (
    may_see_school_requests,
    may_see_support_requests,
    may_work_the_queue,
)
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
