from django.utils.functional import SimpleLazyObject

from partnership.navigation import nav_items_for
from partnership.signin.second_factor import must_enrol


def navigation(request):
    """The user's navigation, worked out when a template first shows it, once a request.

    django-tables2 renders every table with a context of its own, which runs each context
    processor again: a report page of ten tables built the navigation eleven times.
    """
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": [], "show_navigation": False}

    def items():
        if not hasattr(request, "nav_items"):
            request.nav_items = nav_items_for(user)
        return request.nav_items

    # Someone who still owes the second factor sees no menu: every link in it would send them
    # back to the two-factor page.
    show = user.is_authenticated and not must_enrol(request)
    return {"nav_items": SimpleLazyObject(items), "show_navigation": show}
