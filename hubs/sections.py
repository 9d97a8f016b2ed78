"""What this app adds to pages: the dashboard, the navigation and the hub page."""

from hubs import dashboard
from hubs.operations.queries import funding_summary
from hubs.permissions import may_list_hubs, may_list_schools, may_read_hub
from hubs.years import academic_year_label, current_academic_year
from partnership.lib.sections import Page, section


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    items = []
    if may_list_hubs(user):
        items.append(("Hubs", "hubs:list"))
    if may_list_schools(user):
        items.append(("Schools", "hubs:school_list"))
    return items


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user)


@section(Page.HUB_PAGE)
def hub_operations(user, hub) -> list[tuple[str, dict]]:
    """This year's allocation, spend and remaining by category; two queries."""
    if not may_read_hub(user, hub):
        return []
    year = current_academic_year()
    context = {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "summary": funding_summary(hub, year),
    }
    return [("hubs/operations/section.html", context)]
