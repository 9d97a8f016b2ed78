"""The navigation for a user's role: each app adds the pages the user may open (its sections).

A section's entry is `(label, URL name)`, `(label, URL name, kwargs)` for a page of one object
(a hub), or `(label, [entries])` for a menu of several pages.
"""

from dataclasses import dataclass

from django.urls import reverse

from hubs.permissions import is_central_team
from partnership.lib.sections import Page, sections_for
from partnership.reports.permissions import may_see_hub_reports, may_see_network_reports


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str = ""
    children: tuple["NavItem", ...] = ()

    @property
    def urls(self) -> list[str]:
        """Its own URL or its children's: what marks it as the current page's item."""
        return [self.url] if self.url else [child.url for child in self.children]


def nav_item(entry) -> NavItem:
    label, target, *kwargs = entry
    if isinstance(target, list):
        return NavItem(label, children=tuple(nav_item(child) for child in target))
    return NavItem(label, reverse(target, kwargs=kwargs[0] if kwargs else None))


# The jobs page sits in the network-data menu (imports are jobs), not in the crowded top bar.
JOBS_MENU = "Network data"


def with_jobs(entries: list) -> list:
    jobs = ("Background jobs", "jobs:list")
    for index, (label, target, *rest) in enumerate(entries):
        if label == JOBS_MENU and isinstance(target, list):
            entries[index] = (label, [*target, jobs], *rest)
            return entries
    return [*entries, jobs]


def nav_items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    entries = [("Dashboard", "dashboard"), *sections_for(Page.NAVIGATION, user)]
    if may_see_network_reports(user):
        entries.append(("Reports", "reports:network"))
    elif may_see_hub_reports(user):
        entries.append(("Reports", "reports:my_hubs"))
    if is_central_team(user):
        entries.append(("History", "history:list"))
        entries = with_jobs(merged(entries))
    return [nav_item(entry) for entry in merged(entries)]


def merged(entries: list) -> list:
    """Menus of the same label from several apps (e.g. "Network data") become one menu."""
    menus: dict[str, list] = {}
    result = []
    for entry in entries:
        label, target, *_ = entry
        if isinstance(target, list):
            if label in menus:
                menus[label].extend(target)
                continue
            menus[label] = list(target)
            entry = (label, menus[label])
        result.append(entry)
    return result
