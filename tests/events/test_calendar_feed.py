"""The personal calendar feed: a secret address, read by a calendar app without signing in,
holding the person's booked and run events and their reviews; a reset address ends the old."""

import datetime

import icalendar
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, CalendarFeed, Event
from hubs.years import academic_year_of
from tests.factories.events import BookingFactory, EventFactory
from tests.factories.reviews import ReviewFactory, TeamMemberFactory


def coming(hub=None, days=7, **kwargs):
    starts = timezone.now() + datetime.timedelta(days=days)
    return EventFactory(
        hub=hub, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs
    )


def read_feed(client, user) -> icalendar.Calendar:
    token = CalendarFeed.objects.get(user=user).token
    response = client.get(reverse("events:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_feed_holds_booked_events_and_the_schools_reviews_without_signing_in(
    client, client_for, contact_a, school_a, hub_a, hub_b
):
    booked = coming(None, title="National conference", kind=Event.Kind.NATIONAL_EVENT)
    BookingFactory(event=booked, user=contact_a)
    cancelled = coming(hub_a, title="Cancelled workshop")
    BookingFactory(event=cancelled, user=contact_a, status=Booking.Status.CANCELLED)
    coming(hub_b, title="Another hub's")
    review_day = timezone.localdate() + datetime.timedelta(days=20)
    ReviewFactory(school=school_a, starts_on=review_day, academic_year=academic_year_of(review_day))
    client_for(contact_a).post(reverse("events:calendar_reset"))

    calendar = read_feed(client, contact_a)

    items = {str(item["summary"]): item for item in calendar.walk("VEVENT")}
    assert set(items) == {"National conference", "Annual QA review: Alder Primary"}
    conference = items["National conference"]
    assert conference.decoded("dtstart") == booked.starts_at.replace(microsecond=0)
    assert str(conference["url"]).endswith(f"/events/{booked.pk}/")
    review = items["Annual QA review: Alder Primary"]
    assert review.decoded("dtstart") == review_day
    assert review.decoded("dtend") == review_day + datetime.timedelta(days=3)


def test_a_hub_manager_sees_the_events_they_run_and_a_reviewer_their_team_reviews(
    client, client_for, hub_manager_a, hub_a
):
    coming(hub_a, title="Hub meeting we run")
    day = timezone.localdate() + datetime.timedelta(days=9)
    member = TeamMemberFactory(
        review=ReviewFactory(starts_on=day, academic_year=academic_year_of(day))
    )
    for user in (hub_manager_a, member.reviewer.user):
        client_for(user).post(reverse("events:calendar_reset"))

    runs = read_feed(client, hub_manager_a)
    reviews = read_feed(client, member.reviewer.user)

    assert [str(e["summary"]) for e in runs.walk("VEVENT")] == ["Hub meeting we run"]
    assert [str(e["uid"]) for e in reviews.walk("VEVENT")] == [
        f"review-{member.review.pk}@partnership"
    ]


def test_a_wrong_or_old_address_is_not_found(client, client_for, contact_a):
    signed_in = client_for(contact_a)
    signed_in.post(reverse("events:calendar_reset"))
    old = CalendarFeed.objects.get(user=contact_a).token

    signed_in.post(reverse("events:calendar_reset"))
    new = CalendarFeed.objects.get(user=contact_a).token

    assert old != new
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("events:feed", args=[new])).status_code == 200


def test_the_calendar_page_shows_the_address_once_made(client_for, contact_a):
    client = client_for(contact_a)

    before = client.get(reverse("events:calendar")).content.decode()
    client.post(reverse("events:calendar_reset"))
    after = client.get(reverse("events:calendar")).content.decode()

    token = CalendarFeed.objects.get(user=contact_a).token
    assert token not in before and "Make my calendar address" in before
    assert reverse("events:feed", args=[token]) in after


def test_a_deactivated_persons_feed_is_not_found(client, client_for, contact_a):
    client_for(contact_a).post(reverse("events:calendar_reset"))
    token = CalendarFeed.objects.get(user=contact_a).token
    contact_a.is_active = False
    contact_a.save()

    assert client.get(reverse("events:feed", args=[token])).status_code == 404
