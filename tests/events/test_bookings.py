"""Booking events: who sees and books which, capacity and the waitlist, cancelling until the
cut-off, attendance on the day, reminders, and the last place taken by two at once."""

import datetime
import threading
from uuid import uuid4

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.exceptions import AlreadyEnqueued

from events import services, tasks
from events.models import Booking, Event
from partnership.lib.jobs import defer, run_queued_here
from tests.factories.events import BookingFactory, EventFactory
from tests.factories.people import UserFactory
from tests.factories.reviews import ReviewerFactory

pytestmark = pytest.mark.django_db


def soon(days: int = 7) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def coming(hub=None, days: int = 7, **kwargs) -> Event:
    starts = soon(days)
    return EventFactory(
        hub=hub, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs
    )


def test_contacts_see_their_hubs_events_and_national_ones_but_not_another_hubs(
    contact_a, hub_a, hub_b
):
    ours = coming(hub_a, title="Ours")
    national = coming(None, title="National", kind=Event.Kind.NATIONAL_EVENT)
    coming(hub_b, title="Theirs")

    seen = set(Event.objects.visible_to(contact_a).values_list("title", flat=True))

    assert seen == {ours.title, national.title}


def test_the_events_list_shows_places_and_ones_own_booking_in_bounded_queries(
    client_for, contact_a, hub_a, django_assert_max_num_queries
):
    client = client_for(contact_a)
    url = reverse("events:list")
    for n in range(3):
        event = coming(hub_a, days=3 + n, capacity=10, title=f"Workshop {n}")
        BookingFactory(event=event, user=contact_a)
    with django_assert_max_num_queries(12) as few:
        small = client.get(url)
    for n in range(30):
        event = coming(None, days=3 + n, kind=Event.Kind.NATIONAL_EVENT)
        BookingFactory.create_batch(2, event=event)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)

    text = " ".join(small.content.decode().split())
    assert "Workshop 0" in text and "1 of 10" in text and "Booked" in text


def test_a_contact_books_until_full_then_joins_the_waitlist(client_for, contact_a, hub_a):
    event = coming(None, capacity=1, kind=Event.Kind.NATIONAL_EVENT)
    BookingFactory(event=event)
    client = client_for(contact_a)

    response = client.post(
        reverse("events:book", args=[event.pk]), {"submission_token": uuid4()}, follow=True
    )

    booking = Booking.objects.get(event=event, user=contact_a)
    assert booking.status == Booking.Status.WAITLISTED
    assert "you are on the waitlist" in response.content.decode()


def test_booking_twice_with_one_form_makes_one_booking(client_for, hub_manager_a, hub_a):
    event = coming(hub_a)
    client = client_for(hub_manager_a)
    form = {"submission_token": uuid4()}

    client.post(reverse("events:book", args=[event.pk]), form)
    client.post(reverse("events:book", args=[event.pk]), form)

    assert Booking.objects.filter(event=event, user=hub_manager_a).count() == 1


def test_a_reviewer_may_book_and_a_senior_partner_alone_may_not(
    client_for, senior_partner_a, hub_a
):
    event = coming(None, kind=Event.Kind.NATIONAL_EVENT)
    reviewer = ReviewerFactory().user

    taken = client_for(reviewer).post(
        reverse("events:book", args=[event.pk]), {"submission_token": uuid4()}
    )
    refused = client_for(senior_partner_a).post(
        reverse("events:book", args=[event.pk]), {"submission_token": uuid4()}
    )

    assert (taken.status_code, refused.status_code) == (302, 403)
    assert list(event.bookings.values_list("user", flat=True)) == [reviewer.pk]


def test_cancelling_a_place_moves_the_first_on_the_waitlist_up_and_emails_them():
    event = coming(None, capacity=1, kind=Event.Kind.NATIONAL_EVENT)
    first = services.booking_create(event=event, user=UserFactory())
    second = services.booking_create(event=event, user=UserFactory(email="next@example.org"))
    third = services.booking_create(event=event, user=UserFactory())

    moved = services.booking_cancel(booking=first)
    assert mail.outbox == []  # queued, not yet sent
    run_queued_here()  # the worker's part

    assert moved == second
    statuses = dict(event.bookings.values_list("pk", "status"))
    assert statuses == {
        first.pk: Booking.Status.CANCELLED,
        second.pk: Booking.Status.BOOKED,
        third.pk: Booking.Status.WAITLISTED,
    }
    assert [m.to for m in mail.outbox] == [["next@example.org"]]
    assert event.title in mail.outbox[0].subject
    assert "now yours" in mail.outbox[0].body
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html" and f'/events/{event.pk}/"' in html


def test_no_moved_up_email_when_the_cancellation_is_rolled_back():
    event = coming(None, capacity=1, kind=Event.Kind.NATIONAL_EVENT)
    first = services.booking_create(event=event, user=UserFactory())
    services.booking_create(event=event, user=UserFactory(email="next@example.org"))

    with pytest.raises(RuntimeError), transaction.atomic():
        services.booking_cancel(booking=first)
        raise RuntimeError("a later step of the same change fails")

    assert run_queued_here() == 0
    assert mail.outbox == []


def test_no_cancelling_after_the_cut_off(client_for, contact_a, hub_a):
    starts = soon(3)
    event = EventFactory(
        hub=hub_a,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        cancel_until=timezone.now() - datetime.timedelta(hours=1),
    )
    booking = BookingFactory(event=event, user=contact_a)

    page = client_for(contact_a).post(reverse("events:cancel", args=[event.pk]), follow=True)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED
    assert "Cancellations for this event have closed." in page.content.decode()


def test_cancellations_must_close_by_the_start():
    event = coming(None, kind=Event.Kind.NATIONAL_EVENT)
    event.cancel_until = event.starts_at + datetime.timedelta(minutes=1)

    with pytest.raises(ValidationError) as raised:
        event.full_clean()

    assert "cancel_until" in raised.value.message_dict


def test_the_organiser_marks_attendance_on_the_day_and_not_before(
    client_for, senior_partner_a, hub_a
):
    today = timezone.now() - datetime.timedelta(minutes=1)
    on_the_day = EventFactory(hub=hub_a, starts_at=today, ends_at=today)
    came, missed = BookingFactory.create_batch(2, event=on_the_day)
    later = coming(hub_a, days=5)
    early = BookingFactory(event=later)
    client = client_for(senior_partner_a)

    client.post(
        reverse("events:attendance", args=[on_the_day.pk]),
        {"booking": [came.pk, missed.pk], "attended": [came.pk]},
    )
    client.post(
        reverse("events:attendance", args=[later.pk]),
        {"booking": [early.pk], "attended": [early.pk]},
    )

    values = dict(Booking.objects.values_list("pk", "attended"))
    assert values == {came.pk: True, missed.pk: False, early.pk: None}


def test_a_contact_cannot_mark_attendance(client_for, contact_a, hub_a):
    event = EventFactory(hub=hub_a)
    booking = BookingFactory(event=event, user=contact_a)

    response = client_for(contact_a).post(
        reverse("events:attendance", args=[event.pk]),
        {"booking": [booking.pk], "attended": [booking.pk]},
    )

    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.attended is None


def test_the_senior_partner_edits_their_hubs_event(client_for, senior_partner_a, hub_a):
    event = coming(hub_a, title="Spring TeachMeet", kind=Event.Kind.TEACHMEET)
    local = timezone.localtime(event.starts_at)

    response = client_for(senior_partner_a).post(
        reverse("events:hub_event_edit", args=[hub_a.slug, event.pk]),
        {
            "kind": event.kind,
            "title": "Spring TeachMeet: oracy",
            "starts_at": f"{local:%Y-%m-%dT%H:%M}",
            "ends_at": f"{local + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
            "capacity": "25",
        },
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Spring TeachMeet: oracy", 25)


def test_reminders_go_two_days_before_and_never_twice():
    due = coming(None, days=1, kind=Event.Kind.NATIONAL_EVENT, title="Tomorrow's conference")
    later = coming(None, days=5, kind=Event.Kind.NATIONAL_EVENT)
    BookingFactory(event=due, user=UserFactory(email="booked@example.org"))
    BookingFactory(event=due, status=Booking.Status.WAITLISTED)
    BookingFactory(event=due, status=Booking.Status.CANCELLED)
    BookingFactory(event=later)

    first = services.send_event_reminders()
    second = services.send_event_reminders()
    run_queued_here()

    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["booked@example.org"]]
    assert "Tomorrow's conference" in mail.outbox[0].subject
    assert f"/events/{due.pk}/" in mail.outbox[0].body
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html" and "Tomorrow&#x27;s conference" in html


def test_the_daily_reminder_job_run_twice_reminds_each_booking_once():
    due = coming(None, days=1, kind=Event.Kind.NATIONAL_EVENT)
    BookingFactory(event=due, user=UserFactory(email="booked@example.org"))
    tick = int(timezone.now().timestamp())

    # The job of one tick, then of the next (or the same job tried again).
    defer(tasks.event_reminders, timestamp=tick)
    run_queued_here()
    defer(tasks.event_reminders, timestamp=tick + 60)
    run_queued_here()

    assert [m.to for m in mail.outbox] == [["booked@example.org"]]
    runs = ProcrastinateJob.objects.filter(task_name="events.tasks.event_reminders")
    assert list(runs.values_list("status", flat=True)) == ["succeeded", "succeeded"]


def test_a_second_reminder_job_is_not_queued_while_one_waits():
    tasks.event_reminders.defer(timestamp=1)

    with pytest.raises(AlreadyEnqueued):
        tasks.event_reminders.defer(timestamp=2)


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_reminders_at_once_remind_each_booking_once():
    BookingFactory.create_batch(5, event=coming(None, days=1, kind=Event.Kind.NATIONAL_EVENT))
    barrier = threading.Barrier(2)
    counts = []

    def remind():
        try:
            barrier.wait()
            counts.append(services.send_event_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=remind) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sum(counts) == 5
    queued = ProcrastinateJob.objects.filter(task_name="partnership.lib.mail.send_email")
    recipients = sorted(job.args["recipients"][0] for job in queued)
    assert recipients == sorted(Booking.objects.values_list("user__email", flat=True))


def test_the_reminder_command_reports_what_it_sent(capsys):
    BookingFactory(event=coming(None, days=1, kind=Event.Kind.NATIONAL_EVENT))
    call_command("send_event_reminders")
    call_command("send_event_reminders")

    assert capsys.readouterr().out.splitlines() == ["1 reminder queued.", "0 reminders queued."]


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_cannot_both_get_it(hub_a):
    event = coming(hub_a, capacity=1)
    people = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    statuses = []

    def book(user):
        try:
            barrier.wait()
            statuses.append(services.booking_create(event=event, user=user).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=[person]) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [Booking.Status.BOOKED, Booking.Status.WAITLISTED]
    assert event.bookings.filter(status=Booking.Status.BOOKED).count() == 1
