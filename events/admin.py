"""Admin for events, bookings and calendar feeds, with history."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from events.models import Booking, CalendarFeed, Event
from hubs.admin_history import HistoryAdmin


class EventAdminForm(forms.ModelForm):
    """The admin builds its Meta; the attendance rule is checked before the save would refuse."""

    def clean(self):
        cleaned = super().clean()
        schools = cleaned.get("schools_attended")
        if schools:
            try:
                Event(starts_at=cleaned.get("starts_at")).clean_attendance(schools)
            except ValidationError as error:
                self.add_error("schools_attended", error.message_dict["schools_attended"])
        return cleaned


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "hub", "starts_at", "location", "capacity"]
    list_filter = ["kind"]
    list_select_related = ["hub"]
    search_fields = ["title", "location", "hub__name"]
    autocomplete_fields = ["hub", "schools_attended"]
    date_hierarchy = "starts_at"


@admin.register(Booking)
class BookingAdmin(HistoryAdmin):
    list_display = ["event", "user", "status", "booked_at", "attended"]
    list_filter = ["status"]
    list_select_related = ["event", "user"]
    search_fields = ["event__title", "user__email"]
    raw_id_fields = ["event", "user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "reset_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    exclude = ["token"]
