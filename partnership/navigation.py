"""The navigation for a user's role: each app adds the pages the user may open (its sections)."""

from dataclasses import dataclass

from django.urls import reverse

from hubs.access import scope_for
from partnership.lib.sections import Page, sections_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def nav_items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    pairs = [("Dashboard", "dashboard"), *sections_for(Page.NAVIGATION, user)]
    scope = scope_for(user)
    if scope.whole_network:
        pairs.append(("Reports", "reports:network"))
    elif scope.hub_ids:
        pairs.append(("Reports", "reports:my_hubs"))
    return [NavItem(label, reverse(name)) for label, name in pairs]
