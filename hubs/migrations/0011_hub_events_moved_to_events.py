"""Hub events now live in events.Event (copied there by events.0002): the old tables go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0009_import_runs_as_jobs"),
        ("events", "0002_copy_hub_events"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalHubEvent_schools_attended"),
        migrations.DeleteModel(name="HistoricalHubEvent"),
        migrations.DeleteModel(name="HubEvent"),
    ]
