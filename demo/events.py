"""Demo events: national events over three years, bookings for hub and national events, and
something in the week of `--today` for every demo login, so each gets a weekly digest.

The hubs' own meetings and workshops are made with the rest of their operations
(demo/operations.py); this adds the national events and everyone's bookings.
"""

import datetime
from collections import defaultdict

from demo.context import DemoContext, bulk_loading
from events.models import Booking, Event
from hubs.models import Hub, SchoolContact
from hubs.years import academic_year_start
from partnership.models import User

NATIONAL = [
    ("National conference", 6, 200),
    ("Leadership summit", 12, 120),
    ("Reviewer training day", 18, 40),
    ("Disadvantage gap symposium", 24, 80),
    ("Curriculum leaders' network", 30, 60),
    ("Summer celebration of excellence", 38, 150),
]
# Bookings made for a hub's event still to come: some of its schools' contacts.
HUB_EVENT_BOOKINGS = 8


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    years = [ctx.current_year - 1, ctx.current_year]
    national = []
    for year in years:
        for title, week, capacity in NATIONAL:
            starts = _at(academic_year_start(year) + datetime.timedelta(weeks=week, days=2), 9)
            national.append(
                Event(
                    hub=None,
                    kind=Event.Kind.NATIONAL_EVENT,
                    title=f"{title} {year}/{(year + 1) % 100:02d}",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=7),
                    location="Birmingham ICC",
                    description="Open to every school in the network.",
                    capacity=capacity,
                    cancel_until=starts - datetime.timedelta(days=3),
                )
            )
    # This week's: a webinar everyone may book (the demo logins have) and the first hub's
    # leadership meeting, so each demo login has something in this week's digest.
    day = ctx.today + datetime.timedelta(days=1) if ctx.today.weekday() < 6 else ctx.today
    webinar = Event(
        hub=None,
        kind=Event.Kind.NATIONAL_EVENT,
        title="Network webinar: the new inspection framework",
        starts_at=_at(day, 15),
        ends_at=_at(day, 16),
        location="Online",
        capacity=300,
    )
    first_hub = Hub.objects.order_by("id").first()
    meeting = Event(
        hub=first_hub,
        kind=Event.Kind.HUB_MEETING,
        title="Hub leadership meeting",
        starts_at=_at(day, 16),
        ends_at=_at(day, 18),
        location=f"{first_hub.name} lead school",
        capacity=30,
    )
    with bulk_loading([Event, Booking]):
        national = Event.objects.bulk_create([*national, webinar, meeting], batch_size=2000)
        _book(ctx, national, rng)


def _book(ctx: DemoContext, new_events: list[Event], rng) -> None:
    contacts = list(
        SchoolContact.objects.filter(school__hub__isnull=False)
        .order_by("id")
        .values_list("user_id", "school__hub_id")
    )
    by_hub = defaultdict(list)
    for user_id, hub_id in contacts:
        by_hub[hub_id].append(user_id)
    everyone = sorted({user_id for user_id, _ in contacts})
    now = _at(ctx.today, 12)
    bookings = []

    def book(event: Event, users: list[int]) -> None:
        for position, user_id in enumerate(users):
            past = event.starts_at <= now
            full = event.capacity is not None and position >= event.capacity
            booked_at = min(event.starts_at, now) - datetime.timedelta(days=20 - position % 15)
            bookings.append(
                Booking(
                    event=event,
                    user_id=user_id,
                    status=Booking.Status.WAITLISTED if full else Booking.Status.BOOKED,
                    booked_at=booked_at,
                    attended=(rng.random() < 0.85) if past and not full else None,
                )
            )

    # Every demo login with bookings open to them has a place at this week's webinar.
    logins = dict(ctx.logins)
    login_ids = list(
        User.objects.filter(
            email__in=[e for e in (logins.get("school contact"), logins.get("hub manager")) if e]
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for event in new_events:
        if event.hub_id is None and everyone:
            if event.title.startswith("Network webinar"):
                others = [u for u in everyone if u not in login_ids]
                book(event, login_ids + rng.sample(others, min(len(others), 40)))
            else:
                wanted = min(len(everyone), (event.capacity or 50) + 3)
                book(event, rng.sample(everyone, wanted))
    upcoming = Event.objects.filter(
        hub__isnull=False, starts_at__gt=now, starts_at__lte=now + datetime.timedelta(days=120)
    ).only("id", "hub_id", "starts_at", "capacity")
    for event in upcoming:
        members = by_hub.get(event.hub_id, [])
        book(event, rng.sample(members, min(len(members), HUB_EVENT_BOOKINGS)))
    Booking.objects.bulk_create(bookings, batch_size=5000)
