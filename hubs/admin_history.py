"""The admin's history page with what the first record shown holds, not an empty "Changes".

django-simple-history lists each record's changes against the one before it on the page, so the
oldest record shown has none: a school's first change after a bulk load (which writes no history)
or the first record on a later page looked as if nothing had changed. Here that record is compared
with the record before it when there is one, and otherwise shows its values: "created" for a new
record, "not recorded before" for one that existed before its history began.
"""

from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

CREATED = "(created)"
NO_EARLIER_RECORD = "(not recorded before)"


def record_values(record) -> list[dict]:
    """Each field of the historical record that holds something, as the changes column shows it."""
    old = CREATED if record.history_type == "+" else NO_EARLIER_RECORD
    rows = []
    for field in record.instance_type._meta.concrete_fields:
        if field.primary_key or not hasattr(record, field.attname):
            continue  # the id, and fields the history leaves out
        value = getattr(record, field.attname)
        if value in (None, "", {}, []):
            continue
        if field.is_relation:
            value = getattr(record, field.name)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        rows.append({"field": capfirst(field.verbose_name), "old": old, "new": value})
    return rows


class HistoryAdmin(SimpleHistoryAdmin):
    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        if not records:
            return
        oldest = records[-1]
        earlier = oldest.prev_record
        if earlier is not None:
            delta = oldest.diff_against(earlier, foreign_keys_are_objs=foreign_keys_are_objs)
            helper = self.get_historical_record_context_helper(request, oldest)
            oldest.history_delta_changes = helper.context_for_delta_changes(delta)
        else:
            oldest.history_delta_changes = record_values(oldest)
