"""Who reads which report: the network's for the central team, a hub's for its staff."""

from hubs import permissions as hubs


def may_see_network_reports(user) -> bool:
    """The network report (404 to anyone but the central team)."""
    return hubs.is_central_team(user)


def may_see_hub_reports(user) -> bool:
    """The reports of the hubs a hub manager or senior partner works for."""
    return hubs.is_hub_staff(user)
