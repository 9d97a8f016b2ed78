"""Every hub event, with its attending schools and its history, copied into events.Event.

Each event keeps its id (so its addresses stay the same), its fields and its attendance; each
history row keeps its id, date, author and type, and the attendance recorded with it. The id
sequences then continue after the copied rows. hubs.0011 drops the old tables afterwards.
"""

from django.db import migrations

EVENT_FIELDS = (
    "id",
    "hub_id",
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "location",
    "description",
    "updated_at",
)
HISTORY_FIELDS = EVENT_FIELDS + (
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
)


def copy_hub_events(apps, schema_editor):
    HubEvent = apps.get_model("hubs", "HubEvent")
    Event = apps.get_model("events", "Event")
    Event.objects.bulk_create(
        [Event(**row) for row in HubEvent.objects.values(*EVENT_FIELDS).iterator()],
        batch_size=2000,
    )
    Attended = Event.schools_attended.through
    Attended.objects.bulk_create(
        [
            Attended(event_id=row["hubevent_id"], school_id=row["school_id"])
            for row in HubEvent.schools_attended.through.objects.values(
                "hubevent_id", "school_id"
            ).iterator()
        ],
        batch_size=5000,
    )
    OldHistory = apps.get_model("hubs", "HistoricalHubEvent")
    NewHistory = apps.get_model("events", "HistoricalEvent")
    NewHistory.objects.bulk_create(
        [NewHistory(**row) for row in OldHistory.objects.values(*HISTORY_FIELDS).iterator()],
        batch_size=2000,
    )
    OldAttended = apps.get_model("hubs", "HistoricalHubEvent_schools_attended")
    NewAttended = apps.get_model("events", "HistoricalEvent_schools_attended")
    NewAttended.objects.bulk_create(
        [
            NewAttended(
                m2m_history_id=row["m2m_history_id"],
                id=row["id"],
                history_id=row["history_id"],
                event_id=row["hubevent_id"],
                school_id=row["school_id"],
            )
            for row in OldAttended.objects.values(
                "m2m_history_id", "id", "history_id", "hubevent_id", "school_id"
            ).iterator()
        ],
        batch_size=5000,
    )
    with schema_editor.connection.cursor() as cursor:
        for model, column in (
            (Event, "id"),
            (Attended, "id"),
            (NewHistory, "history_id"),
            (NewAttended, "m2m_history_id"),
        ):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            )


def copy_back(apps, schema_editor):
    """Undone (after hubs.0011 is undone and its tables are back): hub events go back."""
    Event = apps.get_model("events", "Event")
    HubEvent = apps.get_model("hubs", "HubEvent")
    HubEvent.objects.bulk_create(
        [
            HubEvent(**row)
            for row in Event.objects.filter(hub__isnull=False).values(*EVENT_FIELDS).iterator()
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    Attended = HubEvent.schools_attended.through
    Attended.objects.bulk_create(
        [
            Attended(hubevent_id=row["event_id"], school_id=row["school_id"])
            for row in Event.schools_attended.through.objects.filter(
                event__hub__isnull=False
            ).values("event_id", "school_id")
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_events_and_bookings"),
        ("hubs", "0008_spend_entry_version"),
    ]

    operations = [migrations.RunPython(copy_hub_events, copy_back)]
