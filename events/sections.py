"""What this app adds to pages: the navigation, and the events in a person's weekly digest."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, Event
from hubs.access import scope_for
from partnership.lib.digest import DigestBatch, absolute_url, first
from partnership.lib.sections import Page, section

# A digest names at most this many events of each kind; the rest are on the events page.
DIGEST_EVENTS = 8


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple]:
    if not user.is_authenticated:
        return []
    return [("Events", "events:list")]


def _day_bounds(first: datetime.date, last: datetime.date) -> tuple:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, zone)
    return start, end


def _line(event) -> tuple[str, str]:
    when = timezone.localtime(event.starts_at)
    where = f" at {event.location}" if event.location else ""
    text = f"{when:%a %-d %b %H:%M}: {event.title}{where}"
    return text, absolute_url(reverse("events:detail", args=[event.pk]))


def _week_events(batch: DigestBatch) -> dict:
    """The week ahead's events the batch's people booked, and those of the hubs they run (or the
    national ones, for the central team): two queries for the whole batch."""
    start, end = _day_bounds(batch.week.starts_on, batch.week.ahead_end)
    booked: dict[int, list] = {}
    bookings = (
        Booking.objects.filter(
            user_id__in=batch.user_ids,
            status=Booking.Status.BOOKED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .select_related("event")
        .only("user", "event", "event__title", "event__starts_at", "event__location")
    )
    for booking in bookings:
        booked.setdefault(booking.user_id, []).append(booking.event)
    scopes = [scope_for(user) for user in batch.users]
    hub_ids = set().union(*(scope.hub_ids for scope in scopes))
    national = any(scope.whole_network for scope in scopes)
    by_hub: dict[int | None, list] = {}
    if hub_ids or national:
        runs = Q(hub_id__in=hub_ids)
        if national:
            runs |= Q(hub__isnull=True)
        running = Event.objects.filter(runs, starts_at__gte=start, starts_at__lt=end).only(
            "hub_id", "title", "starts_at", "location"
        )
        for event in running:
            by_hub.setdefault(event.hub_id, []).append(event)
    return {"booked": booked, "by_hub": by_hub}


def _soonest(event) -> tuple:
    return event.starts_at, event.pk


@section(Page.DIGEST)
def digest(user, batch: DigestBatch) -> list[tuple[str, list]]:
    """The week ahead: the events the user has a place at, and those of the hubs they run."""
    scope = scope_for(user)
    week = batch.once("events", _week_events)
    parts = []
    booked = first(week["booked"].get(user.pk, []), DIGEST_EVENTS, key=_soonest)
    if booked:
        parts.append(("Your bookings this week", [batch.line(e, _line) for e in booked]))
    if scope.hub_ids or scope.whole_network:
        # The central team runs national events; hub staff their hubs' events.
        hubs = [None] if scope.whole_network else scope.hub_ids
        theirs = {e.pk for e in booked}
        candidates = [e for hub in hubs for e in week["by_hub"].get(hub, []) if e.pk not in theirs]
        running = first(candidates, DIGEST_EVENTS, key=_soonest)
        if running:
            parts.append(("Events you run this week", [batch.line(e, _line) for e in running]))
    return parts
