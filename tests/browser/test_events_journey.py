"""A school contact books a national event and subscribes to their calendar; each role previews
their weekly email, and the command then sends it exactly once."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Booking, Event
from partnership.lib.digest import DigestWeek
from partnership.lib.jobs import run_queued_here
from partnership.models import DigestSent
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.events import BookingFactory, EventFactory
from tests.factories.reviews import ReviewFactory, TeamMemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_school_contact_books_a_national_event_and_subscribes_to_their_feed(
    page, contact_a, hub_a
):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=12)
    conference = EventFactory(
        hub=None,
        kind=Event.Kind.NATIONAL_EVENT,
        title="National conference",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        location="Birmingham",
        capacity=2,
    )
    BookingFactory(event=conference)
    sign_in(page, contact_a)

    page.goto(f"{page.base_url}/events/")
    assert_accessible(page)
    expect(page.get_by_role("cell", name="1 of 2")).to_be_visible()
    page.get_by_role("link", name="National conference").click()
    assert_accessible(page)
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("Your place is booked.")).to_be_visible()
    expect(page.get_by_text("2 of 2 taken")).to_be_visible()
    assert Booking.objects.get(event=conference, user=contact_a).status == Booking.Status.BOOKED
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]

    page.goto(f"{page.base_url}/calendar/")
    assert_accessible(page)
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.get_by_text("Your calendar address is ready.")).to_be_visible()
    assert_accessible(page)
    assert page_width(page) <= PHONE["width"]
    address = page.get_by_label("Your calendar address").input_value()

    # A calendar app fetches the address without signing in.
    response = Client().get(address.removeprefix(page.base_url))
    calendar = icalendar.Calendar.from_ical(response.content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["summary"]) == "National conference"
    assert item.decoded("dtstart") == starts
    assert str(item["location"]) == "Birmingham"
    assert str(item["url"]).endswith(f"/events/{conference.pk}/")


def test_each_role_previews_their_weekly_email_and_the_command_sends_it_once(
    page, central_team, hub_manager_a, senior_partner_a, contact_a, hub_a, school_a
):
    monday = DigestWeek.of(timezone.localdate()).starts_on
    at = datetime.datetime.combine(
        monday + datetime.timedelta(days=3), datetime.time(12), tzinfo=datetime.UTC
    )
    hub_meeting = EventFactory(hub=hub_a, title="Hub meeting this week", starts_at=at, ends_at=at)
    national = EventFactory(
        hub=None, kind=Event.Kind.NATIONAL_EVENT, title="Webinar", starts_at=at, ends_at=at
    )
    BookingFactory(event=national, user=contact_a)
    review_day = monday + datetime.timedelta(days=9)
    member = TeamMemberFactory(
        review=ReviewFactory(
            school=school_a,
            starts_on=review_day,
            academic_year=review_day.year if review_day.month >= 9 else review_day.year - 1,
        )
    )
    reviewer = member.reviewer.user
    expected = {
        central_team: "Webinar",
        hub_manager_a: hub_meeting.title,
        senior_partner_a: hub_meeting.title,
        contact_a: "Webinar",
        reviewer: "Your next review",
    }

    for user, line in expected.items():
        page.context.clear_cookies()
        sign_in(page, user)
        page.goto(f"{page.base_url}/weekly-email/")
        expect(page.locator("#digest-preview")).to_contain_text(line)
        assert_accessible(page)

    call_command("send_weekly_digest")
    call_command("send_weekly_digest")
    run_queued_here()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in expected)
    assert DigestSent.objects.filter(week_starts_on=monday).count() == len(expected)
