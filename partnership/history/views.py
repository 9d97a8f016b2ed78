"""The central team's log of changes to every record."""

import django_tables2 as tables
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join

from hubs.permissions import is_central_team
from partnership.history.changes import recent_changes, tracked_models
from partnership.lib.forms import BootstrapFormMixin
from partnership.lib.tables import DateColumn

PAGE_SIZE = 50


def record_type_choices() -> list[tuple[str, str]]:
    return [("", "All records")] + [
        (label, str(historical.instance_type._meta.verbose_name).capitalize())
        for label, historical in tracked_models().items()
    ]


class HistoryFilterForm(BootstrapFormMixin, forms.Form):
    record_type = forms.ChoiceField(
        label="Kind of record", required=False, choices=record_type_choices
    )
    page = forms.IntegerField(min_value=1, max_value=1000, required=False, widget=forms.HiddenInput)


class ChangeTable(tables.Table):
    when = DateColumn(format="j M Y, H:i", verbose_name="When")
    who = tables.Column(verbose_name="Who")
    kind = tables.Column(verbose_name="What")
    record_type = tables.Column(verbose_name="Kind of record")
    record = tables.Column(verbose_name="Record")
    fields = tables.Column(verbose_name="Changes", empty_values=())
    reason = tables.Column(verbose_name="Reason", default="")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm align-middle", "aria-label": "Recent changes"}

    def render_record(self, value, record):
        if record.url:
            return format_html('<a href="{}">{}</a>', record.url, value)
        return value

    def render_fields(self, value):
        if not value:
            return ""
        items = format_html_join(
            "",
            '<li><span class="fw-semibold">{}</span>: <del>{}</del>'
            ' <span aria-hidden="true">→</span><span class="visually-hidden"> became</span>'
            " <ins>{}</ins></li>",
            ((change.field, change.old, change.new) for change in value),
        )
        return format_html('<ul class="list-unstyled mb-0 history-fields">{}</ul>', items)


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    """Newest changes first, across every kind of record or one; central team only."""
    if not is_central_team(request.user):
        raise Http404
    form = HistoryFilterForm(request.GET or None)
    label, page = None, 1
    if form.is_valid():
        label = form.cleaned_data["record_type"] or None
        page = form.cleaned_data["page"] or 1
    # One row more than a page tells whether there is a next page, without counting them all.
    changes = recent_changes(label=label, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1)
    context = {
        "form": form,
        "table": ChangeTable(changes[:PAGE_SIZE]),
        "page": page,
        "has_next": len(changes) > PAGE_SIZE,
        "record_type": label or "",
    }
    return render(request, "partnership/history.html", context)
