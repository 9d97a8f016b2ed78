"""What this app adds to pages: the dashboard, the navigation and the hub page."""

from hubs import dashboard
from hubs.models import Hub
from hubs.operations.queries import funding_summary
from hubs.permissions import (
    may_confirm_membership_changes,
    may_import_data,
    may_list_hubs,
    may_list_schools,
    may_read_hub,
    staffed_hub_ids,
)
from hubs.years import academic_year_label, current_academic_year
from partnership.lib.sections import Page, section


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    items = []
    if may_list_hubs(user):
        items.append(("Hubs", "hubs:list"))
    if may_list_schools(user):
        items.append(("Schools", "hubs:school_list"))
    if hub_ids := staffed_hub_ids(user):
        items.append(my_hubs_menu(hub_ids))
    data = []
    if may_confirm_membership_changes(user):
        data.append(("Membership changes", "hubs:membership_changes"))
    if may_import_data(user):
        data.append(("Import schools (GIAS)", "hubs:gias_import"))
        data.append(("Import memberships", "hubs:membership_import"))
    if data:
        items.append(("Network data", data))
    return items


def my_hubs_menu(hub_ids) -> tuple:
    """The hub's pages for its manager or senior partner; the hubs themselves for several."""
    hubs = list(Hub.objects.filter(pk__in=hub_ids).order_by("name").values_list("name", "slug"))
    if len(hubs) > 1:
        return ("My hubs", [(name, "hubs:detail", {"slug": slug}) for name, slug in hubs])
    slug = {"slug": hubs[0][1]}
    return (
        "My hub",
        [
            ("Overview", "hubs:detail", slug),
            ("Funding and spend", "hubs:funding", slug),
            ("Action plan", "hubs:action_plan", slug),
            ("Events", "hubs:events", slug),
            ("Membership", "hubs:membership", slug),
        ],
    )


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
