"""Sections this app adds to the school profile and hub page (see hubs/panels.py)."""

from hubs.access import scope_for
from hubs.operations_queries import funding_summary
from hubs.panels import hub_page_section
from hubs.years import academic_year_label, current_academic_year


@hub_page_section
def hub_operations(user, hub):
    """This year's allocation, spend and remaining by category; two queries."""
    scope = scope_for(user)
    if not (scope.whole_network or hub.id in scope.hub_ids):
        return None
    year = current_academic_year()
    context = {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "summary": funding_summary(hub, year),
    }
    return "hubs/operations/section.html", context
