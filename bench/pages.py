"""The pages the benchmark drives, who views each, and how to find a real object for its URL.

Pages land over time: a page lists the URL names it may have, and one whose names do not exist
yet (or whose data is missing) is skipped with the reason, so the benchmark runs at any stage.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

# Roles the benchmark signs in as: the demo network's logins (see demo_logins).
ROLES = ("central team", "hub manager", "senior partner", "school contact")


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url_names: tuple[str, ...]
    kwargs: Callable[["Cast"], dict] | None = None
    query: str = ""


@dataclass
class Cast:
    """The demo users and objects the pages open, found once in the benchmark database."""

    users: dict[str, str] = field(default_factory=dict)  # role -> email
    hub_slug: str = ""
    school_urn: str = ""
    own_school_urn: str = ""
    review_id: int | None = None
    request_id: int | None = None


def find_cast() -> Cast:
    from demo.context import DEMO_EMAIL_DOMAIN
    from hubs.models import Hub, SchoolContact
    from partnership.models import User

    demo = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    hub = Hub.objects.order_by("id").first()
    contact = (
        SchoolContact.objects.filter(is_headteacher=True, school__hub__isnull=False)
        .exclude(school__hub=hub)
        .select_related("user", "school")
        .order_by("id")
        .first()
    )
    cast = Cast(hub_slug=hub.slug if hub else "")
    central = demo.filter(email=f"central@{DEMO_EMAIL_DOMAIN}").first()
    manager = hub.managers.order_by("id").first() if hub else None
    people = {
        "central team": central,
        "hub manager": manager,
        "senior partner": hub.senior_partner if hub else None,
        "school contact": contact.user if contact else None,
    }
    cast.users = {role: user.email for role, user in people.items() if user}
    if contact:
        cast.own_school_urn = contact.school.urn
    school = hub.schools.order_by("id").first() if hub else None
    cast.school_urn = school.urn if school else ""
    cast.review_id = _latest_id("reviews.models", "Review")
    cast.request_id = _latest_id("brokering.models", "SupportRequest")
    return cast


def _latest_id(module: str, model: str) -> int | None:
    try:
        found = getattr(__import__(module, fromlist=[model]), model)
    except (ImportError, AttributeError):
        return None
    return found.objects.order_by("-id").values_list("id", flat=True).first()


def _need(value, what: str):
    if not value:
        raise LookupError(f"no {what} in the benchmark database")
    return value


PAGES = [
    Page("dashboard (central team)", "central team", ("dashboard",)),
    Page("dashboard (hub manager)", "hub manager", ("dashboard",)),
    Page("dashboard (senior partner)", "senior partner", ("dashboard",)),
    Page("dashboard (school contact)", "school contact", ("dashboard",)),
    Page(
        "schools list, filtered",
        "central team",
        ("hubs:school_list",),
        query="phase=primary&region=north_west",
    ),
    Page(
        "school profile",
        "central team",
        ("hubs:school_detail",),
        lambda cast: {"urn": _need(cast.school_urn, "school")},
    ),
    Page(
        "hub page",
        "hub manager",
        ("hubs:detail",),
        lambda cast: {"slug": _need(cast.hub_slug, "hub")},
    ),
    Page("reviews list", "central team", ("reviews:list", "reviews:review_list", "reviews:index")),
    Page(
        "review page",
        "central team",
        ("reviews:detail", "reviews:review_detail"),
        lambda cast: {"pk": _need(cast.review_id, "review")},
    ),
    Page("brokering queue", "central team", ("brokering:queue",)),
    Page(
        "request page with providers",
        "central team",
        ("brokering:request_detail",),
        lambda cast: {"pk": _need(cast.request_id, "support request")},
    ),
    Page("directory search", "school contact", ("brokering:directory",), query="q=maths"),
    Page("network reports", "central team", ("reports:index", "reports:network", "reports:list")),
]

FLOOR = Page("floor (base template, one query)", "hub manager", ("bench_floor",))


def resolve(page: Page, cast: Cast) -> str:
    """The page's URL, or LookupError saying why it cannot be benchmarked yet."""
    if page.role not in cast.users:
        raise LookupError(f"no demo {page.role} to sign in as")
    kwargs = page.kwargs(cast) if page.kwargs else {}
    for name in page.url_names:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return f"{url}?{page.query}" if page.query else url
    raise LookupError(f"URL name {' / '.join(page.url_names)} does not exist yet")
