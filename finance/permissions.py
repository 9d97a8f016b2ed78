"""Who may see and change the network's finances: the central team (everyone else gets 404)."""

from hubs.permissions import is_central_team


def may_manage_finances(user) -> bool:
    return is_central_team(user)
