"""Public-data import runs join hubs' import log (ImportRun), which runs them as jobs."""

from django.db import migrations

FIELDS = ("kind", "file_name", "dry_run", "run_by_id", "created", "changed", "unchanged")


def copy_runs(apps, schema_editor):
    DataImportRun = apps.get_model("publicdata", "DataImportRun")
    ImportRun = apps.get_model("hubs", "ImportRun")
    for old in DataImportRun.objects.order_by("pk").iterator():
        new = ImportRun.objects.create(
            **{name: getattr(old, name) for name in FIELDS},
            bad_rows=old.bad_rows,
            summary=old.summary,
            status="done",
        )
        # run_at is set on create; keep when the run happened.
        ImportRun.objects.filter(pk=new.pk).update(run_at=old.run_at)


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0016_public_data_import_kinds"),
        ("publicdata", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_runs, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataImportRun"),
    ]
