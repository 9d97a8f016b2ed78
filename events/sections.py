"""What this app adds to pages: the navigation, and the events in a person's weekly digest."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, Event
from hubs.access import scope_for
from partnership.lib.digest import DigestWeek, absolute_url
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


@section(Page.DIGEST)
def digest(user, week: DigestWeek) -> list[tuple[str, list]]:
    """The week ahead: the events the user has a place at, and those of the hubs they run."""
    scope = scope_for(user)
    start, end = _day_bounds(week.starts_on, week.ahead_end)
    ahead = Event.objects.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at")
    parts = []
    booked = list(
        ahead.filter(bookings__user=user, bookings__status=Booking.Status.BOOKED)[:DIGEST_EVENTS]
    )
    if booked:
        parts.append(("Your bookings this week", [_line(e) for e in booked]))
    if scope.hub_ids or scope.whole_network:
        # The central team runs national events; hub staff their hubs' events.
        runs = Q(hub__isnull=True) if scope.whole_network else Q(hub_id__in=scope.hub_ids)
        running = list(ahead.filter(runs).exclude(pk__in=[e.pk for e in booked])[:DIGEST_EVENTS])
        if running:
            parts.append(("Events you run this week", [_line(e) for e in running]))
    return parts
