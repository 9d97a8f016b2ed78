"""The navigation for a user's role: each app says which of its pages the user may open."""

from dataclasses import dataclass

from django.urls import reverse

from hubs.access import scope_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def nav_items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    import brokering.nav
    import hubs.nav
    import partnership.reports_nav
    import reviews.nav

    scope = scope_for(user)
    items = [NavItem("Dashboard", reverse("dashboard"))]
    for module in (hubs.nav, reviews.nav, brokering.nav, partnership.reports_nav):
        items += [NavItem(label, reverse(name)) for label, name in module.nav_items(user, scope)]
    return items
