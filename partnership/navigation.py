"""The navigation for a user's role: each app adds the pages the user may open (its sections)."""

from dataclasses import dataclass

from django.urls import reverse

from partnership.lib.sections import Page, sections_for
from partnership.reports.permissions import may_see_hub_reports, may_see_network_reports


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def nav_items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    pairs = [("Dashboard", "dashboard"), *sections_for(Page.NAVIGATION, user)]
    if may_see_network_reports(user):
        pairs.append(("Reports", "reports:network"))
    elif may_see_hub_reports(user):
        pairs.append(("Reports", "reports:my_hubs"))
    return [NavItem(label, reverse(name)) for label, name in pairs]
