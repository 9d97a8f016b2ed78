"""Events: national events run by the central team and a hub's own events, with bookings.

An event with no hub is a national event. Bookings hold a place (or a place on the waitlist);
the organiser marks who came on the day, and records which of the hub's schools attended.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubs.access import scope_for
from hubs.models import Hub, School
from hubs.years import (
    FIRST_ACADEMIC_YEAR,
    academic_year_end,
    academic_year_start,
    current_academic_year,
)


def event_date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last day an event may fall on: the academic years the events page offers.

    Anything outside these years would be saved and then never shown.
    """
    return (
        academic_year_start(FIRST_ACADEMIC_YEAR),
        academic_year_end(current_academic_year(today) + 1),
    )


ATTENDANCE_BEFORE_EVENT = "Schools attended can be recorded once the event has started."


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The central team: every event. Hub staff: their hubs' events. A school's contacts:
        their schools' hubs' events. Everyone signed in: national events."""
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        if not (user and user.is_authenticated):
            return self.none()
        hubs = Q(hub_id__in=scope.hub_ids)
        if scope.contact_school_ids:
            hubs |= Q(
                hub_id__in=School.objects.filter(
                    pk__in=scope.contact_school_ids, hub__isnull=False
                ).values("hub_id")
            )
        return self.filter(Q(hub__isnull=True) | hubs)

    def for_year(self, year: int):
        return self.filter(
            starts_at__date__gte=academic_year_start(year),
            starts_at__date__lte=academic_year_end(year),
        )

    def national(self):
        return self.filter(hub__isnull=True)

    def for_table(self, user):
        """With places taken and the user's own booking, as subqueries (no query per row)."""
        booked = (
            Booking.objects.filter(event=models.OuterRef("pk"), status=Booking.Status.BOOKED)
            .order_by()
            .values("event")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        mine = Booking.objects.active().filter(event=models.OuterRef("pk"), user=user)
        return self.select_related("hub").annotate(
            booked=Coalesce(models.Subquery(booked), 0),
            my_status=models.Subquery(mine.values("status")[:1]),
        )


class Event(models.Model):
    """A national event, or a hub's meeting, workshop, TeachMeet, conference or immersion day."""

    class Kind(models.TextChoices):
        HUB_MEETING = "hub_meeting", "Hub meeting (termly)"
        WORKSHOP = "workshop", "Workshop"
        TEACHMEET = "teachmeet", "TeachMeet"
        CONFERENCE = "conference", "Conference"
        IMMERSION_DAY = "immersion_day", "Immersion day"
        NATIONAL_EVENT = "national_event", "National event"

    hub = models.ForeignKey(
        Hub,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        help_text="Blank: a national event, run by the central team.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places to book. Blank: no limit."
    )
    cancel_until = models.DateTimeField(
        "cancellations close",
        null=True,
        blank=True,
        help_text="Bookings may be cancelled until then. Blank: until the event starts.",
    )
    schools_attended = models.ManyToManyField(School, blank=True, related_name="events_attended")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[schools_attended])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["hub", "starts_at"]),
            models.Index(fields=["starts_at"], name="event_by_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="An event cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_national(self) -> bool:
        return self.hub_id is None

    def clean(self):
        super().clean()
        errors = {}
        first, last = event_date_window()
        window = f"between {first:%-d %b %Y} and {last:%-d %b %Y}"
        for name in ("starts_at", "ends_at"):
            moment = getattr(self, name)
            if moment and not first <= timezone.localdate(moment) <= last:
                errors[name] = f"Choose a date {window}."
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors.setdefault("ends_at", "An event cannot end before it starts.")
        if self.cancel_until and self.starts_at and self.cancel_until > self.starts_at:
            errors["cancel_until"] = "Cancellations must close by the time the event starts."
        if errors:
            raise ValidationError(errors)

    @property
    def has_started(self) -> bool:
        return self.starts_at is not None and self.starts_at <= timezone.now()

    @property
    def is_on_or_past_its_day(self) -> bool:
        """Attendance is marked on the day: from the start of the event's (local) day."""
        return self.starts_at is not None and timezone.localdate(
            self.starts_at
        ) <= timezone.localdate(timezone.now())

    @property
    def cancellation_closes_at(self) -> datetime.datetime:
        return self.cancel_until or self.starts_at

    def may_still_cancel(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.cancellation_closes_at

    def clean_attendance(self, schools) -> None:
        """Attendance is a record of what happened: an event still to come has none."""
        if schools and not self.has_started:
            raise ValidationError({"schools_attended": ATTENDANCE_BEFORE_EVENT})


@receiver(m2m_changed, sender=Event.schools_attended.through)
def refuse_attendance_before_event(sender, instance, action, pk_set, **kwargs) -> None:
    """The model's rule for every path (forms, admin, scripts): no attendance before the event.

    Only for changes made from the event's side, the way every page records attendance.
    """
    if action == "pre_add" and isinstance(instance, Event) and pk_set:
        instance.clean_attendance(pk_set)


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Booking.Status.CANCELLED)


class Booking(models.Model):
    """One person's place at an event, or their place in its waitlist."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITLISTED = "waitlisted", "On the waitlist"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_bookings"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    booked_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True, help_text="Blank: not yet marked.")
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()
    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["booked_at", "id"]
        indexes = [
            models.Index(fields=["event", "status", "booked_at"]),
            models.Index(fields=["user", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_live_booking_per_person",
                violation_error_message="You already have a place at this event.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["booked", "waitlisted", "cancelled"]),
                name="booking_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.event}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.event_id])


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's calendar subscription: the secret in its address, which they can reset."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    reset_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
