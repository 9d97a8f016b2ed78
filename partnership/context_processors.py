from django.utils.functional import SimpleLazyObject

from partnership.navigation import nav_items_for


def navigation(request):
    """The user's navigation, worked out when a template first shows it, once a request.

    django-tables2 renders every table with a context of its own, which runs each context
    processor again: a report page of ten tables built the navigation eleven times.
    """
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}

    def items():
        if not hasattr(request, "nav_items"):
            request.nav_items = nav_items_for(user)
        return request.nav_items

    return {"nav_items": SimpleLazyObject(items)}
