"""Navigation entries for hubs and schools: (label, URL name) pairs the user may open."""


def nav_items(user, scope) -> list[tuple[str, str]]:
    items = []
    if scope.whole_network or scope.hub_ids:
        items.append(("Hubs", "hubs:list"))
    if scope.whole_network or scope.hub_ids or scope.contact_school_ids:
        items.append(("Schools", "hubs:school_list"))
    return items
