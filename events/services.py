"""Booking a place, cancelling it (the waitlist moves up), marking who came, reminders.

The event row is locked (select_for_update) while places are counted, so two people taking the
last place at once cannot both get it: the second waits, counts again and joins the waitlist.
Emails are queued as jobs (partnership.lib.mail) in the transaction that records the change, so
they go only if it is committed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, CalendarFeed, Event, new_feed_token
from partnership.lib.mail import absolute_url, email_send

REMINDER_DAYS_BEFORE = 2


def _places_taken(event: Event) -> int:
    return event.bookings.filter(status=Booking.Status.BOOKED).count()


def booking_create(*, event: Event, user) -> Booking:
    """A place if one is free, else a place on the waitlist."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.has_started:
            raise ValidationError("Bookings for this event have closed.")
        if Booking.objects.active().filter(event=locked, user=user).exists():
            raise ValidationError("You already have a place at this event.")
        full = locked.capacity is not None and _places_taken(locked) >= locked.capacity
        booking = Booking(
            event=locked,
            user=user,
            status=Booking.Status.WAITLISTED if full else Booking.Status.BOOKED,
        )
        booking.full_clean()
        booking.save()
        return booking


def booking_cancel(*, booking: Booking, now: datetime.datetime | None = None) -> Booking | None:
    """Cancel a place until the cut-off; the first on the waitlist then takes it (returned)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=booking.event_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED:
            return None
        if not event.may_still_cancel(now):
            raise ValidationError("Cancellations for this event have closed.")
        held_a_place = booking.status == Booking.Status.BOOKED
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now or timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        if not held_a_place:
            return None
        if event.capacity is not None and _places_taken(event) >= event.capacity:
            return None
        moved = (
            event.bookings.select_for_update()
            .filter(status=Booking.Status.WAITLISTED)
            .order_by("booked_at", "id")
            .first()
        )
        if moved:
            moved.status = Booking.Status.BOOKED
            moved.save(update_fields=["status"])
            send_moved_up_email(moved.pk)
        return moved


def attendance_mark(*, event: Event, attended_ids, booked_ids) -> None:
    """The organiser marks, on the day, which of the booked people came."""
    if not event.is_on_or_past_its_day:
        raise ValidationError("Attendance is marked on the day of the event.")
    attended = set(attended_ids)
    with transaction.atomic():
        for booking in event.bookings.filter(
            pk__in=booked_ids, status=Booking.Status.BOOKED
        ).select_for_update():
            came = booking.pk in attended
            if booking.attended != came:
                booking.attended = came
                booking.save(update_fields=["attended"])


def _send(template: str, booking: Booking) -> None:
    event = booking.event
    context = {
        "event": event,
        "booking": booking,
        "event_url": absolute_url(reverse("events:detail", args=[event.pk])),
    }
    email_send(
        subject=render_to_string(f"emails/events/{template}_subject.txt", context).strip(),
        body=render_to_string(f"emails/events/{template}.txt", context),
        html=render_to_string(f"emails/events/{template}.html", context),
        recipients=[booking.user.email],
    )


def send_moved_up_email(booking_id: int) -> None:
    booking = Booking.objects.select_related("event", "user").get(pk=booking_id)
    _send("moved_up", booking)


def send_event_reminders(now: datetime.datetime | None = None) -> int:
    """Remind everyone with a place at an event starting within two days; never twice.

    Each booking is claimed (reminded_at set) in the same transaction that queues its email, so
    a second run, or two runs at once, find nothing left to send. Returns how many were queued.
    """
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        reminded_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + datetime.timedelta(days=REMINDER_DAYS_BEFORE),
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("event", "user")
                .filter(pk=pk, reminded_at__isnull=True, status=Booking.Status.BOOKED)
                .first()
            )
            if booking is None:
                continue
            booking.reminded_at = now
            booking.save(update_fields=["reminded_at"])
            _send("reminder", booking)
            sent += 1
    return sent


def calendar_feed_for(user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new secret address: the old one answers 404 from now on."""
    feed = calendar_feed_for(user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "reset_at"])
    return feed
