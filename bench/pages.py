"""The pages the benchmark drives, who views each, and how to find a real object for its URL.

Pages land over time: a page lists the URL names it may have, and one whose names do not exist
yet (or whose data is missing) is skipped with the reason, so the benchmark runs at any stage.

Each page's weight is its share of the mixed traffic of the capacity run, per 100 page views:
an estimate of a working day on a national network (25,000 schools, 1,000 hubs), from

- 1,000 hub managers, about 20 views a day each: their dashboard 4, hub page 5, school
  profiles 5, the schools list 3, the reviews list 1, review pages 2;
- 1,000 senior partners, about 5 a day: dashboard 2, hub page 1, a school profile, a review;
- some 2,500 school contacts a day, about 4 views each: dashboard 2, the directory 1, a school
  profile or their review 1;
- a central team of about 20, some 100 views a day each: mostly the brokering queue and
  request pages, then the lists, reviews, their dashboard and the network reports.

That is some 37,000 views a day; the weights are each page's share of them, rounded to whole
numbers that sum to 100 with every page at least 1. Each is opened as the benchmark's role for
it (a school profile as the central team, say), whoever opens it in the estimate.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

# Roles the benchmark signs in as: the demo network's logins (see demo_logins), and the demo
# superuser for admin's changelists.
ROLES = ("central team", "hub manager", "senior partner", "school contact")
ADMIN_ROLE = "admin"


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url_names: tuple[str, ...]
    kwargs: Callable[["Cast"], dict] | None = None
    query: str = ""
    # Share of the capacity run's mixed traffic, per 100 page views (see above).
    weight: int = 0
    # For a list page: the same model's changelist in bench.admin (URL name in its namespace)
    # and that changelist's query for the same rows, where admin can ask for them.
    admin_changelist: str = ""
    admin_query: str = ""


@dataclass
class Cast:
    """The demo users and objects the pages open, found once in the benchmark database."""

    users: dict[str, str] = field(default_factory=dict)  # role -> email
    hub_slug: str = ""
    school_urn: str = ""
    own_school_urn: str = ""
    review_id: int | None = None
    request_id: int | None = None
    programme_slug: str = ""
    cohort_id: int | None = None
    event_id: int | None = None


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
        ADMIN_ROLE: demo.filter(email=f"admin@{DEMO_EMAIL_DOMAIN}", is_superuser=True).first(),
    }
    cast.users = {role: user.email for role, user in people.items() if user}
    if contact:
        cast.own_school_urn = contact.school.urn
    school = hub.schools.order_by("id").first() if hub else None
    cast.school_urn = school.urn if school else ""
    cast.review_id = _latest_id("reviews.models", "Review")
    cast.request_id = _latest_id("brokering.models", "SupportRequest")
    cast.programme_slug, cast.cohort_id = _largest_cohort()
    cast.event_id = _busiest_event_id()
    return cast


def _largest_cohort() -> tuple[str, int | None]:
    """The programme with the most cohorts, and its cohort with the most enrolments."""
    try:
        from django.db.models import Count

        from programmes.models import Cohort, Programme
    except ImportError:
        return "", None
    programme = Programme.objects.annotate(n=Count("cohorts")).order_by("-n", "id").first()
    if programme is None:
        return "", None
    cohort = (
        Cohort.objects.filter(programme=programme)
        .annotate(n=Count("enrolments"))
        .order_by("-n", "id")
        .values_list("id", flat=True)
        .first()
    )
    return programme.slug, cohort


def _busiest_event_id() -> int | None:
    """The event with the most bookings: the longest list of places and waitlist to show."""
    try:
        from events.models import Booking
    except ImportError:
        return None
    from django.db.models import Count

    return (
        Booking.objects.values("event_id")
        .annotate(n=Count("id"))
        .order_by("-n", "event_id")
        .values_list("event_id", flat=True)
        .first()
    )


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
    Page("dashboard (central team)", "central team", ("dashboard",), weight=1),
    Page("dashboard (hub manager)", "hub manager", ("dashboard",), weight=11),
    Page("dashboard (senior partner)", "senior partner", ("dashboard",), weight=5),
    Page("dashboard (school contact)", "school contact", ("dashboard",), weight=14),
    Page(
        "schools list, filtered",
        "central team",
        ("hubs:school_list",),
        query="phase=primary&region=north_west",
        weight=9,
        admin_changelist="hubs_school_changelist",
        admin_query="phase__exact=primary&region__exact=north_west",
    ),
    Page(
        "school profile",
        "central team",
        ("hubs:school_detail",),
        lambda cast: {"urn": _need(cast.school_urn, "school")},
        weight=14,
    ),
    Page(
        "hub page",
        "hub manager",
        ("hubs:detail",),
        lambda cast: {"slug": _need(cast.hub_slug, "hub")},
        weight=15,
    ),
    Page(
        "reviews list",
        "central team",
        ("reviews:list", "reviews:review_list", "reviews:index"),
        weight=3,
        admin_changelist="reviews_review_changelist",
    ),
    Page(
        "review page",
        "central team",
        ("reviews:detail", "reviews:review_detail"),
        lambda cast: {"pk": _need(cast.review_id, "review")},
        weight=12,
    ),
    Page(
        "brokering queue",
        "central team",
        ("brokering:queue",),
        weight=2,
        admin_changelist="brokering_supportrequest_changelist",
    ),
    Page(
        "request page with providers",
        "central team",
        ("brokering:request_detail",),
        lambda cast: {"pk": _need(cast.request_id, "support request")},
        weight=2,
    ),
    Page(
        "directory search",
        "school contact",
        ("brokering:directory",),
        # A place name in the search box: some 500 schools at national scale, a page of 25.
        query="q=chorley",
        weight=7,
        # Admin's search box looks in its own search_fields (name, URN, postcode and more).
        admin_changelist="hubs_school_changelist",
        admin_query="is_open__exact=1&q=chorley",
    ),
    Page(
        "network reports",
        "central team",
        ("reports:index", "reports:network", "reports:list"),
        weight=1,
    ),
]

PAGES += [
    Page(
        "programme page",
        "central team",
        ("programmes:programme_detail",),
        lambda cast: {"slug": _need(cast.programme_slug, "programme")},
        weight=1,
    ),
    Page(
        "cohort page",
        "central team",
        ("programmes:cohort_detail",),
        lambda cast: {"pk": _need(cast.cohort_id, "cohort")},
        weight=1,
    ),
    Page(
        "events list",
        "school contact",
        ("events:list",),
        weight=1,
        admin_changelist="events_event_changelist",
    ),
    Page(
        "event page with bookings",
        "central team",
        ("events:detail",),
        lambda cast: {"pk": _need(cast.event_id, "event with bookings")},
        weight=1,
    ),
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


def resolve_admin(page: Page, cast: Cast) -> str:
    """The URL of the page's counterpart in admin, or LookupError saying why there is none."""
    if ADMIN_ROLE not in cast.users:
        raise LookupError("no demo superuser to open admin as")
    try:
        url = reverse(f"bench_admin:{page.admin_changelist}")
    except NoReverseMatch:
        raise LookupError(f"no admin changelist {page.admin_changelist}") from None
    return f"{url}?{page.admin_query}" if page.admin_query else url
