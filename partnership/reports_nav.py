"""Navigation entries for the network reports."""


def nav_items(user, scope) -> list[tuple[str, str]]:
    if scope.whole_network:
        return [("Reports", "reports:network")]
    if scope.hub_ids:
        return [("Reports", "reports:my_hubs")]
    return []
