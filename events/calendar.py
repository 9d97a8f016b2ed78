"""Events as a year of months, a hub's events as an iCalendar (RFC 5545) download, and a
person's subscription feed built with the icalendar package."""

import datetime
from collections.abc import Iterable

import icalendar
from django.db.models import Q
from django.utils import timezone

from events.models import Booking, Event
from hubs.access import scope_for
from hubs.years import academic_year_start

PRODUCT_ID = "-//Partnership//Hub events//EN"


def months_of_year(year: int, events: Iterable) -> list[tuple[datetime.date, list]]:
    """September to August, each month with its events, empty months included."""
    start = academic_year_start(year)
    months = []
    for offset in range(12):
        month = (start.month - 1 + offset) % 12 + 1
        months.append((datetime.date(start.year + (start.month - 1 + offset) // 12, month, 1), []))
    index = {(first.year, first.month): items for first, items in months}
    for event in events:
        local = timezone.localtime(event.starts_at)
        index.get((local.year, local.month), []).append(event)
    return months


def escape_text(value: str) -> str:
    """TEXT values escape backslash, semicolon and comma, and write newlines as \\n (3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space (3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # The first line holds 75 octets; continuation lines hold 74 after their leading space.
        limit = 75 if not out else 74
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def hub_calendar_ics(hub, events: Iterable) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(hub.name)} events",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:hub-event-{event.pk}@partnership",
            f"DTSTAMP:{utc_stamp(event.updated_at)}",
            f"DTSTART:{utc_stamp(event.starts_at)}",
            f"DTEND:{utc_stamp(event.ends_at)}",
            f"SUMMARY:{escape_text(event.title)}",
            f"CATEGORIES:{escape_text(event.get_kind_display())}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


FEED_PRODUCT_ID = "-//Partnership//My calendar//EN"
# A subscription shows what is coming and what has just been: older items drop out of it.
FEED_DAYS_BACK = 90
FEED_MAX_EVENTS = 500


def feed_events(user):
    """Events the user has a place at (or is waitlisted for) and events they run."""
    scope = scope_for(user)
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    runs = Q(hub_id__in=scope.hub_ids)
    if scope.whole_network:
        runs |= Q(hub__isnull=True)
    booked = Booking.objects.active().filter(user=user).values("event_id")
    return (
        Event.objects.filter(starts_at__gte=since)
        .filter(runs | Q(pk__in=booked))
        .select_related("hub")
        .order_by("starts_at", "id")[:FEED_MAX_EVENTS]
    )


def personal_calendar(user, events: Iterable, others: Iterable[dict], link) -> bytes:
    """The person's subscription feed: their events, and what other apps add (their reviews).

    `others` are dicts with uid, summary, start and end (dates for all-day items), and
    optionally url and description; `link(event)` gives an event's absolute address.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", FEED_PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Partnership")
    stamp = timezone.now()
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"event-{event.pk}@partnership")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        item.add("dtend", event.ends_at.astimezone(datetime.UTC))
        item.add("summary", event.title)
        item.add("categories", [event.get_kind_display()])
        if event.location:
            item.add("location", event.location)
        if event.description:
            item.add("description", event.description)
        item.add("url", link(event))
        calendar.add_component(item)
    for other in others:
        item = icalendar.Event()
        item.add("uid", other["uid"])
        item.add("dtstamp", stamp)
        item.add("dtstart", other["start"])
        item.add("dtend", other["end"])
        item.add("summary", other["summary"])
        if other.get("description"):
            item.add("description", other["description"])
        if other.get("url"):
            item.add("url", other["url"])
        calendar.add_component(item)
    return calendar.to_ical()
