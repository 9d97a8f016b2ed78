"""Recent changes to every domain record, read from django-simple-history's tables."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db.models import CharField, Model, Value
from django.db.models.functions import Cast

KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    kind: str
    record_type: str
    record: str
    record_id: int
    reason: str


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
    rows = {}
    for name, ids in by_label.items():
        historical = chosen[name]
        for row in historical.objects.filter(history_id__in=ids).select_related("history_user"):
            rows[(name, row.history_id)] = row
    return [_change(rows[(name, history_id)]) for name, history_id, _ in page]


def _change(row) -> Change:
    model = row.instance_type
    return Change(
        when=row.history_date,
        who=str(row.history_user) if row.history_user else "System or import",
        kind=KINDS.get(row.history_type, row.history_type),
        record_type=str(model._meta.verbose_name).capitalize(),
        record=_label(row),
        record_id=getattr(row, model._meta.pk.attname),
        reason=row.history_change_reason or "",
    )


def _label(row) -> str:
    # The record's own name as it was then; a name that needs related rows would cost a query
    # per row, so fall back to the type and id for those.
    for field in ("name", "full_name", "title", "label", "urn"):
        value = getattr(row, field, None)
        if value:
            return str(value)
    model = row.instance_type
    return f"{model._meta.verbose_name.capitalize()} #{getattr(row, model._meta.pk.attname)}"
