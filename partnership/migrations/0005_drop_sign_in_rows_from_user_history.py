"""Remove the history rows that signing in left on people: a "changed" row identical to the one
before it (last_login, the only field a sign-in changes, is not kept in history)."""

from django.db import migrations


def drop_rows_that_change_nothing(apps, schema_editor):
    historical = apps.get_model("partnership", "HistoricalUser")
    fields = [
        field.attname
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    empty, previous = [], {}
    rows = historical.objects.order_by("id", "history_date", "history_id").values(
        "history_id", "history_type", *fields
    )
    for row in rows.iterator(chunk_size=2000):
        values = tuple(row[name] for name in fields)
        if row["history_type"] == "~" and previous.get(row["id"]) == values:
            empty.append(row["history_id"])
        previous[row["id"]] = values
    for start in range(0, len(empty), 5000):
        historical.objects.filter(history_id__in=empty[start : start + 5000]).delete()


class Migration(migrations.Migration):
    dependencies = [("partnership", "0004_recovery_codes")]

    operations = [migrations.RunPython(drop_rows_that_change_nothing, migrations.RunPython.noop)]
