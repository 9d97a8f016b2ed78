"""Navigation entries for this app: (label, URL name) pairs the user may open."""


def nav_items(user, scope) -> list[tuple[str, str]]:
    items = []
    if scope.whole_network or scope.hub_ids or scope.contact_school_ids:
        items.append(("Reviews", "reviews:list"))
    if scope.whole_network:
        items.append(("Reviewers", "reviews:reviewers"))
    return items
