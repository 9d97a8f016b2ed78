"""How an app adds to a page it does not own: the dashboard, the navigation, the school profile
and the hub page.

Each app keeps its additions in its own `sections.py`, each a function decorated with
`@section(PAGE)`. The partnership app imports every app's `sections` module once, when Django
starts (`autodiscover_modules("sections")`), in the order of INSTALLED_APPS, which is the order
the additions appear in. This keeps dependencies pointing one way: `hubs` shows what `reviews`
and `brokering` add to its pages without importing them.

A section function takes `(user, obj)` (obj is the school or hub shown, or None on the
dashboard and in the navigation) and returns a list, empty when the user may see nothing of it:
of `(template name, context)` pairs for a page, of `(label, URL name)` pairs for the navigation.
Each must run a bounded number of queries.

Two registries concern one person rather than a page (partnership/privacy): for
`Page.PERSONAL_DATA` a function takes `(user, person)` and returns `(name, rows)` pairs, rows
being lists of JSON-ready dicts, for the subject-access export; for `Page.ERASURE` a function
takes `(user, person)` (user is the admin erasing), removes or anonymises what the app holds
about the person and returns `(what, how many)` pairs. A new app that keeps something about
people adds one function to each.
"""

from collections.abc import Callable
from enum import StrEnum


class Page(StrEnum):
    DASHBOARD = "dashboard"
    NAVIGATION = "navigation"
    SCHOOL_PROFILE = "school profile"
    HUB_PAGE = "hub page"
    PERSONAL_DATA = "personal data"
    ERASURE = "erasure"
    # Items of a person's calendar feed: dicts of uid, summary, start, end, url, description.
    CALENDAR = "calendar"
    # Whether a person may book events for a role another app knows of: a list, true if any.
    EVENT_BOOKERS = "event bookers"
    # Lines of a person's weekly digest: (heading, [(text, URL)]) pairs; obj is the week.
    DIGEST = "digest"


SectionFunction = Callable[..., list]

_registry: dict[Page, list[SectionFunction]] = {page: [] for page in Page}


def section(page: Page) -> Callable[[SectionFunction], SectionFunction]:
    """Register the decorated function as an addition to `page`."""

    def register(func: SectionFunction) -> SectionFunction:
        if func not in _registry[page]:
            _registry[page].append(func)
        return func

    return register


def sections_for(page: Page, user, obj=None) -> list:
    """Every app's additions to `page` that this user may see, in INSTALLED_APPS order."""
    return [item for func in _registry[page] for item in func(user, obj)]
