"""The events list: one row per event, with its places and the user's own booking."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from events.models import Booking
from partnership.lib.tables import DateColumn


class EventTable(tables.Table):
    caption = "Events"
    title = tables.Column(verbose_name="Event")
    starts_at = DateColumn(verbose_name="When", format="D j M Y, H:i")
    organiser = tables.Column(
        accessor="hub__name",
        verbose_name="Run by",
        order_by=("hub__name", "starts_at"),
        default="Central team (national)",
    )
    kind = tables.Column(verbose_name="Kind")
    location = tables.Column(verbose_name="Where", orderable=False)
    places = tables.Column(accessor="booked", verbose_name="Places taken", orderable=False)
    mine = tables.Column(
        accessor="my_status", verbose_name="Your booking", orderable=False, default=""
    )

    class Meta:
        fields = []
        empty_text = "No events."
        order_by = ("starts_at",)

    def render_title(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("events:detail", args=[record.pk]), value)

    def render_places(self, record, value):
        if record.capacity is None:
            return f"{value}"
        return f"{value} of {record.capacity}"

    def render_kind(self, record):
        return record.get_kind_display()

    def render_mine(self, value):
        return dict(Booking.Status.choices).get(value, "")
