"""Navigation entries for this app: (label, URL name) pairs the user may open."""


def nav_items(user, scope) -> list[tuple[str, str]]:
    items = []
    if scope.whole_network:
        items.append(("Queue", "brokering:queue"))
    elif scope.hub_ids or scope.contact_school_ids:
        items.append(("Support requests", "brokering:request_list"))
    if user.is_authenticated:
        items.append(("Directory", "brokering:directory"))
    return items
