"""A hub's events as a year of months, and as an iCalendar (RFC 5545) feed."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

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
