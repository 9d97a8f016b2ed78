"""The privacy notice (public) and the central team's subject-access export."""

import django_tables2 as tables
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from hubs.permissions import is_central_team
from partnership.lib.forms import BootstrapFormMixin
from partnership.lib.tables import DateColumn, paginate
from partnership.models import User
from partnership.privacy.export import personal_data_export


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """What the app holds about people, why, for how long and whom to ask: open to everyone."""
    context = {
        "retention_days": settings.RETENTION_DAYS,
        "jobs_keep_days": settings.JOBS_KEEP_DAYS,
        "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
    }
    return render(request, "privacy/notice.html", context)


def may_export_personal_data(user) -> bool:
    """The central team exports a person's data (404 to everyone else)."""
    return is_central_team(user)


class PersonSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Name or email address", max_length=150, required=False)


class PersonTable(tables.Table):
    full_name = tables.Column(verbose_name="Name")
    email = tables.Column(verbose_name="Email address")
    is_active = tables.BooleanColumn(verbose_name="Active", yesno="Yes,No")
    date_joined = DateColumn(verbose_name="Joined")
    export = tables.Column(verbose_name="Their data", empty_values=(), orderable=False)

    class Meta:
        model = User
        fields = ["full_name", "email", "is_active", "date_joined"]
        # The download next to the name, so a phone shows it without scrolling the table.
        sequence = ["full_name", "export", "email", "is_active", "date_joined"]
        attrs = {"class": "table table-sm align-middle"}

    caption = "People found"

    def render_export(self, record):
        url = reverse("privacy:export", kwargs={"pk": record.pk})
        return format_html(
            '<a href="{}" download>Download<span class="visually-hidden"> the data of {}</span>'
            " (JSON)</a>",
            url,
            record,
        )


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    """Find a person by name or email to download everything the app holds about them."""
    if not may_export_personal_data(request.user):
        raise Http404
    form = PersonSearchForm(request.GET or None)
    table = None
    if form.is_valid() and (text := form.cleaned_data["q"].strip()):
        people = User.objects.filter(Q(full_name__icontains=text) | Q(email__icontains=text))
        table = PersonTable(people.only(*PersonTable.Meta.fields), order_by="full_name")
        paginate(request, table, count=False)
    return render(request, "privacy/people.html", {"form": form, "table": table})


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the app holds about one person, as a JSON download."""
    if not may_export_personal_data(request.user):
        raise Http404
    person = get_object_or_404(User, pk=pk)
    body = personal_data_export(person=person, user=request.user)
    name = f"personal-data-{person.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
