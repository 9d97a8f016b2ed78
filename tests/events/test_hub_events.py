"""Hub events and meetings: the year's calendar, attending schools and the iCalendar feed."""

import datetime
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events.calendar import escape_text, fold, hub_calendar_ics, months_of_year
from events.models import ATTENDANCE_BEFORE_EVENT, Event, event_date_window
from hubs.years import FIRST_ACADEMIC_YEAR, academic_year_choices, academic_year_of
from partnership.lib import once
from tests.factories.events import EventFactory
from tests.factories.hubs import SchoolFactory
from tests.factories.operations import YEAR, aware


def test_the_calendar_has_the_twelve_months_from_september_with_each_event_in_its_month(hub_a):
    october = EventFactory(
        hub=hub_a, starts_at=aware(2025, 10, 1, 9), ends_at=aware(2025, 10, 1, 10)
    )
    august = EventFactory(
        hub=hub_a, starts_at=aware(2026, 8, 31, 23), ends_at=aware(2026, 8, 31, 23, 30)
    )

    months = months_of_year(YEAR, [october, august])

    assert [first for first, _ in months][0::11] == [
        datetime.date(2025, 9, 1),
        datetime.date(2026, 8, 1),
    ]
    assert len(months) == 12
    assert {first.month: events for first, events in months if events} == {
        10: [october],
        8: [august],
    }


def test_an_event_at_half_past_midnight_in_summer_is_in_its_local_month(hub_a):
    # 00:30 on 1 September in London is still 31 August in UTC.
    event = EventFactory(
        hub=hub_a, starts_at=aware(2025, 9, 1, 0, 30), ends_at=aware(2025, 9, 1, 1)
    )

    months = months_of_year(YEAR, [event])

    assert months[0] == (datetime.date(2025, 9, 1), [event])


def test_an_event_cannot_end_before_it_starts(hub_a):
    event = EventFactory.build(
        hub=hub_a, starts_at=aware(2025, 10, 1, 10), ends_at=aware(2025, 10, 1, 9)
    )

    with pytest.raises(ValidationError) as raised:
        event.full_clean()

    assert "ends_at" in raised.value.message_dict


def test_the_events_page_shows_the_years_events_and_who_attended(
    client_for, senior_partner_a, hub_a, school_a
):
    other = SchoolFactory(name="Beech Infants", hub=hub_a)
    meeting = EventFactory(hub=hub_a, title="Autumn hub meeting")
    meeting.schools_attended.set([school_a, other])
    EventFactory(
        hub=hub_a,
        title="Last year's conference",
        starts_at=aware(2025, 6, 1, 9),
        ends_at=aware(2025, 6, 1, 16),
    )

    page = client_for(senior_partner_a).get(
        reverse("events:hub_events", args=[hub_a.slug]), {"year": YEAR}
    )

    text = " ".join(page.content.decode().split())
    assert "Autumn hub meeting" in text
    assert "Schools attended (2): Alder Primary, Beech Infants" in text
    assert "Last year's conference" not in text


def test_the_events_page_runs_the_same_queries_for_many_events(
    client_for, hub_manager_a, hub_a, school_a, django_assert_max_num_queries
):
    client = client_for(hub_manager_a)
    url = reverse("events:hub_events", args=[hub_a.slug])
    for day in range(1, 21):
        event = EventFactory(
            hub=hub_a, starts_at=aware(2025, 11, day, 9), ends_at=aware(2025, 11, day, 10)
        )
        event.schools_attended.add(school_a)

    # session, user, two-factor device, scope (three), hub, events, attending schools
    with django_assert_max_num_queries(12):
        client.get(url, {"year": YEAR})


def test_a_hub_manager_records_who_attended_from_the_hubs_own_schools(
    client_for, hub_manager_a, hub_a, school_a, school_b
):
    client = client_for(hub_manager_a)
    form = {
        "kind": Event.Kind.WORKSHOP,
        "title": "Maths workshop",
        "starts_at": "2025-11-04T13:30",
        "ends_at": "2025-11-04T15:30",
        "location": "Alder Primary",
    }
    created = client.post(
        reverse("events:hub_event_create", args=[hub_a.slug]), {**form, "submission_token": uuid4()}
    )
    event = Event.objects.get()
    url = reverse("events:hub_event_edit", args=[hub_a.slug, event.pk])

    outsider = client.post(url, {**form, "schools_attended": [school_b.pk]})
    saved = client.post(url, {**form, "schools_attended": [school_a.pk]})

    assert created.status_code == 302
    assert outsider.status_code == 200
    assert saved.status_code == 302
    event.refresh_from_db()
    assert (event.hub, list(event.schools_attended.all())) == (hub_a, [school_a])
    assert event.starts_at == aware(2025, 11, 4, 13, 30)


def future_event(hub, **kwargs) -> Event:
    starts = timezone.now() + datetime.timedelta(days=7)
    return EventFactory(
        hub=hub, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs
    )


@pytest.mark.parametrize("year", [1900, 9999])
def test_an_event_outside_the_years_the_pages_show_is_refused(hub_a, year):
    event = EventFactory.build(
        hub=hub_a, starts_at=aware(year, 10, 1, 10), ends_at=aware(year, 10, 1, 11)
    )

    with pytest.raises(ValidationError) as raised:
        event.full_clean()

    first, last = event_date_window()
    assert raised.value.message_dict["starts_at"] == [
        f"Choose a date between {first:%-d %b %Y} and {last:%-d %b %Y}."
    ]
    assert first.year == FIRST_ACADEMIC_YEAR
    assert academic_year_of(last) == academic_year_choices()[0][0]


def test_the_event_form_shows_its_date_window_and_refuses_9999(client_for, hub_manager_a, hub_a):
    client = client_for(hub_manager_a)
    url = reverse("events:hub_event_create", args=[hub_a.slug])
    first, last = event_date_window()

    page = client.get(url).content.decode()
    refused = client.post(
        url,
        {
            "kind": Event.Kind.WORKSHOP,
            "title": "Far future",
            "starts_at": "9999-11-04T13:30",
            "ends_at": "9999-11-04T15:30",
            "submission_token": uuid4(),
        },
    )

    assert f'min="{first:%Y-%m-%d}T00:00"' in page and f'max="{last:%Y-%m-%d}T23:59"' in page
    assert f"Between {first:%-d %b %Y} and {last:%-d %b %Y}." in page
    assert refused.status_code == 200
    assert "Choose a date between" in refused.content.decode()
    assert not Event.objects.exists()


def test_attendance_cannot_be_recorded_before_the_event(hub_a, school_a):
    event = future_event(hub_a)

    with pytest.raises(ValidationError) as raised, transaction.atomic():
        event.schools_attended.add(school_a)

    assert raised.value.message_dict == {"schools_attended": [ATTENDANCE_BEFORE_EVENT]}
    assert not event.schools_attended.exists()


def test_a_future_event_offers_no_attendance_and_refuses_one_sent(
    client_for, hub_manager_a, hub_a, school_a
):
    event = future_event(hub_a, title="Spring TeachMeet")
    client = client_for(hub_manager_a)
    url = reverse("events:hub_event_edit", args=[hub_a.slug, event.pk])
    local = timezone.localtime(event.starts_at)

    page = client.get(url).content.decode()
    client.post(
        url,
        {
            "kind": event.kind,
            "title": event.title,
            "starts_at": f"{local:%Y-%m-%dT%H:%M}",
            "ends_at": f"{local + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
            "schools_attended": [school_a.pk],
        },
    )
    listing = client.get(
        reverse("events:hub_events", args=[hub_a.slug]), {"year": academic_year_of(local.date())}
    )

    assert 'name="schools_attended"' not in page
    assert "once the event has started" in page
    assert not event.schools_attended.exists()
    text = " ".join(listing.content.decode().split())
    assert "Spring TeachMeet" in text
    assert "Schools attended" not in text
    assert "Still to come" in text


def test_adding_an_event_twice_with_one_form_makes_one_event(client_for, hub_manager_a, hub_a):
    client = client_for(hub_manager_a)
    url = reverse("events:hub_event_create", args=[hub_a.slug])
    form = {
        "kind": Event.Kind.WORKSHOP,
        "title": "Maths workshop",
        "starts_at": "2025-11-04T13:30",
        "ends_at": "2025-11-04T15:30",
        "submission_token": uuid4(),
    }

    first = client.post(url, form)
    repeat = client.post(url, form, follow=True)

    assert first.status_code == 302
    assert Event.objects.count() == 1
    assert once.REPEAT_MESSAGE in repeat.content.decode()


def test_the_feed_is_an_icalendar_with_each_event_in_utc(client_for, senior_partner_a, hub_a):
    event = EventFactory(
        hub=hub_a,
        kind=Event.Kind.TEACHMEET,
        title="TeachMeet: reading, writing; and more",
        starts_at=aware(2025, 10, 14, 15, 30),
        ends_at=aware(2025, 10, 14, 17, 0),
        location="Alder Primary, Hall",
        description="Bring a colleague.\nTea from 15:15.",
    )

    response = client_for(senior_partner_a).get(reverse("events:hub_events_ics", args=[hub_a.slug]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="hub-a.ics"'
    lines = response.content.decode().split("\r\n")
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Partnership//Hub events//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Hub A events",
    ]
    assert lines[5:9] == [
        "BEGIN:VEVENT",
        f"UID:hub-event-{event.pk}@partnership",
        lines[7],
        # 15:30 in London in October (summer time) is 14:30 UTC.
        "DTSTART:20251014T143000Z",
    ]
    assert lines[7].startswith("DTSTAMP:") and lines[7].endswith("Z")
    assert lines[9:] == [
        "DTEND:20251014T160000Z",
        "SUMMARY:TeachMeet: reading\\, writing\\; and more",
        "CATEGORIES:TeachMeet",
        "LOCATION:Alder Primary\\, Hall",
        "DESCRIPTION:Bring a colleague.\\nTea from 15:15.",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def test_the_feed_holds_only_the_hubs_own_events(hub_a, hub_b):
    EventFactory(hub=hub_a, title="Ours")
    EventFactory(hub=hub_b, title="Theirs")

    body = hub_calendar_ics(hub_a, Event.objects.filter(hub=hub_a))

    assert "SUMMARY:Ours" in body and "Theirs" not in body
    assert body.count("BEGIN:VEVENT") == 1


def test_text_values_escape_backslashes_commas_semicolons_and_newlines():
    assert escape_text("a\\b, c; d\r\ne\nf") == "a\\\\b\\, c\\; d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 40  # 8 + 80 octets

    folded = fold(line)

    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert [len(part.encode()) for part in parts] == [74, 14]
    assert fold("SUMMARY:short") == "SUMMARY:short"
