"""Recent changes to every domain record, read from django-simple-history's tables."""

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.contrib import admin
from django.db.models import CharField, Model, OuterRef, Subquery, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.formats import date_format

KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


# Long texts are cut in the list: the record's page has the whole text.
VALUE_LENGTH = 80


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    kind: str
    record_type: str
    record: str
    record_id: int
    reason: str
    url: str = ""
    fields: tuple[FieldChange, ...] = ()


def tracked_models() -> dict[str, type[Model]]:
    """Historical model by "app.model" label, for every model that keeps history."""
    tracked = {}
    for model in apps.get_models():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager_name and not getattr(model, "instance_type", None):
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            tracked[label] = getattr(model, manager_name).model
    return dict(sorted(tracked.items(), key=lambda item: item[1].instance_type._meta.verbose_name))


def recent_changes(*, label: str | None = None, offset: int = 0, limit: int = 50) -> list[Change]:
    """One page of changes, newest first, ordered and sliced in the database.

    Every tracked table joins one UNION ALL that yields only (model, history_id); then each
    table on the page is read once, so a page costs at most one query per kind of record.
    """
    models = tracked_models()
    chosen = {label: models[label]} if label else models
    # The annotation's name must not be a field of any tracked model (a grade has a "label").
    parts = [
        historical.objects.annotate(
            tracked_model=Cast(Value(name), output_field=CharField())
        ).values_list("tracked_model", "history_id", "history_date")
        for name, historical in chosen.items()
    ]
    if not parts:
        return []
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    page = list(union.order_by("-history_date", "-history_id")[offset : offset + limit])

    by_label: dict[str, list[int]] = {}
    for name, history_id, _ in page:
        by_label.setdefault(name, []).append(history_id)
    changes = {}
    for name, ids in by_label.items():
        for change in _changes_of_one_kind(chosen[name], ids):
            changes[(name, change[0])] = change[1]
    return [changes[(name, history_id)] for name, history_id, _ in page]


def _changes_of_one_kind(historical, ids: list[int]):
    """(history_id, Change) for these rows of one kind of record; three queries.

    The rows with the id of the row before each (for the field-level diff), those earlier rows,
    and the records as they are now (select_related() for the names that need related rows).
    """
    model = historical.instance_type
    pk_name = model._meta.pk.attname
    previous_id = (
        historical.objects.filter(
            **{pk_name: OuterRef(pk_name)}, history_date__lt=OuterRef("history_date")
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = list(
        historical.objects.filter(history_id__in=ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(previous_id))
    )
    earlier = historical.objects.in_bulk([row.previous_id for row in rows if row.previous_id])
    live = model._default_manager.select_related().in_bulk({getattr(row, pk_name) for row in rows})
    for row in rows:
        record = live.get(getattr(row, pk_name))
        previous = earlier.get(row.previous_id)
        yield (
            row.history_id,
            Change(
                when=row.history_date,
                who=str(row.history_user) if row.history_user else "System or import",
                kind=KINDS.get(row.history_type, row.history_type),
                record_type=str(model._meta.verbose_name).capitalize(),
                record=_label(row, record),
                record_id=getattr(row, pk_name),
                reason=row.history_change_reason or "",
                url=_url(record),
                fields=_field_changes(row, previous)
                if previous and row.history_type == "~"
                else (),
            ),
        )


def _label(row, record) -> str:
    """The record's name: its str() while it exists, else its own name as it was."""
    if record is not None:
        return str(record)
    for field in ("name", "full_name", "title", "label", "urn", "reference"):
        value = getattr(row, field, None)
        if value:
            return str(value)
    return f"{row.instance_type._meta.verbose_name.capitalize()} (deleted)"


def _url(record) -> str:
    """The record's own page, or its admin page; none once it is deleted."""
    if record is None:
        return ""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    if admin.site.is_registered(type(record)):
        meta = record._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    return ""


def _field_changes(row, previous) -> tuple[FieldChange, ...]:
    """Each field that changed, old and new, in the words of its form."""
    # Plain fields only: the diff of a many-to-many field reads its links twice per row.
    fields = [
        field.name
        for field in type(row)._meta.concrete_fields
        if field.editable and not field.name.startswith("history_")
    ]
    delta = row.diff_against(previous, included_fields=fields)
    changes = []
    for change in delta.changes:
        field = row.instance_type._meta.get_field(change.field)
        changes.append(
            FieldChange(
                field=str(getattr(field, "verbose_name", change.field)).capitalize(),
                old=_shown(field, change.old),
                new=_shown(field, change.new),
            )
        )
    return tuple(changes)


def _shown(field, value) -> str:
    if value is None or value == "":
        return "(empty)"
    if getattr(field, "is_relation", False):
        # A related record's name would cost a query per change: say that it changed.
        return f"#{value}"
    # A record saved with a value as typed ("2025-12-31") keeps it so in its history.
    value = field.to_python(value)
    if getattr(field, "choices", None):
        value = dict(field.flatchoices).get(value, value)
    text = date_format(value) if isinstance(value, date) else str(value)
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"
