"""Sections this app adds to the school profile and hub page (see hubs/panels.py)."""

from hubs.panels import school_profile_section

REQUESTS_SHOWN = 10


@school_profile_section
def similar_schools_and_requests(user, school) -> tuple[str, dict] | None:
    """Similar schools for everyone; the school's requests for those who may see them."""
    from brokering.matching import similar_schools
    from brokering.models import SupportRequest

    if not user.is_authenticated:
        return None
    requests = list(
        SupportRequest.objects.visible_to(user)
        .filter(school=school)
        .with_area_names()
        .only("status", "submitted_at")[:REQUESTS_SHOWN]
    )
    return (
        "brokering/sections/school_profile.html",
        {
            "school": school,
            "similar": list(similar_schools(school, limit=8)),
            # None hides the list from someone who may see none of this school's requests.
            "requests": requests or (None if not _may_see_requests(user, school) else []),
        },
    )


def _may_see_requests(user, school) -> bool:
    from hubs.access import scope_for

    scope = scope_for(user)
    return (
        scope.whole_network
        or school.pk in scope.contact_school_ids
        or (school.hub_id is not None and school.hub_id in scope.hub_ids)
    )
