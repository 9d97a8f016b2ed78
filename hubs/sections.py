"""What this app adds to pages: the dashboard, the navigation and the hub page."""

from hubs import dashboard
from hubs.access import scope_for
from hubs.operations.queries import funding_summary
from hubs.years import academic_year_label, current_academic_year
from partnership.lib.sections import Page, section


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    scope = scope_for(user)
    items = []
    if scope.whole_network or scope.hub_ids:
        items.append(("Hubs", "hubs:list"))
    if scope.whole_network or scope.hub_ids or scope.contact_school_ids:
        items.append(("Schools", "hubs:school_list"))
    return items


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user, scope_for(user))


@section(Page.HUB_PAGE)
def hub_operations(user, hub) -> list[tuple[str, dict]]:
    """This year's allocation, spend and remaining by category; two queries."""
    scope = scope_for(user)
    if not (scope.whole_network or hub.id in scope.hub_ids):
        return []
    year = current_academic_year()
    context = {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "summary": funding_summary(hub, year),
    }
    return [("hubs/operations/section.html", context)]
