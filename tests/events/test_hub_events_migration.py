"""The move of hub events into events.Event loses nothing: fields, attendance and history."""

import datetime

import pytest
from django.db import connection

from tests.migrations import back_to_the_latest, migrate  # noqa: F401 (a fixture)

BEFORE = [("hubs", "0008_spend_entry_version"), ("events", "0001_events_and_bookings")]
AFTER = [("hubs", "0011_hub_events_moved_to_events")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_every_hub_event_is_copied_with_its_attendance_and_history():
    old = migrate(BEFORE)
    Hub = old.get_model("hubs", "Hub")
    School = old.get_model("hubs", "School")
    HubEvent = old.get_model("hubs", "HubEvent")
    History = old.get_model("hubs", "HistoricalHubEvent")
    hub = Hub.objects.create(name="Hub A", slug="hub-a")
    school = School.objects.create(urn="100001", name="Alder Primary", hub=hub)
    starts = datetime.datetime(2025, 10, 14, 14, 30, tzinfo=datetime.UTC)
    event = HubEvent.objects.create(
        hub=hub,
        kind="teachmeet",
        title="TeachMeet",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        location="Alder Primary",
        description="Bring a colleague.",
    )
    event.schools_attended.add(school)
    History.objects.create(
        id=event.id,
        hub_id=hub.id,
        kind="teachmeet",
        title="TeachMeet (draft)",
        starts_at=starts,
        ends_at=starts,
        location="",
        description="",
        updated_at=starts,
        history_date=starts,
        history_type="+",
    )

    new = migrate(AFTER)
    Event = new.get_model("events", "Event")
    copied = Event.objects.get()

    assert (copied.id, copied.hub_id, copied.kind, copied.title, copied.location) == (
        event.id,
        hub.id,
        "teachmeet",
        "TeachMeet",
        "Alder Primary",
    )
    assert (copied.starts_at, copied.ends_at, copied.description) == (
        event.starts_at,
        event.ends_at,
        "Bring a colleague.",
    )
    assert list(copied.schools_attended.values_list("urn", flat=True)) == ["100001"]
    history = new.get_model("events", "HistoricalEvent").objects.get()
    assert (history.id, history.title, history.history_type) == (event.id, "TeachMeet (draft)", "+")
    # New events continue after the copied ids.
    assert (
        Event.objects.create(
            hub_id=hub.id, kind="workshop", title="Next", starts_at=starts, ends_at=starts
        ).id
        > event.id
    )
    assert "hubs_hubevent" not in connection.introspection.table_names()
