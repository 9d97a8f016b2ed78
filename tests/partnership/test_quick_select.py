"""QuickSelect writes the same select as Django's own widget, only faster."""

import re

import pytest
from django import forms

from partnership.lib.forms import BootstrapFormMixin, QuickSelect

CHOICES = [("", "Any hub"), (1, "Ashford & Bramley"), (2, "<Carlton>")]


def _squeezed(html: str) -> str:
    return re.sub(r"\s+", "", html)


@pytest.mark.parametrize("value", [None, "1", 2])
def test_it_renders_what_djangos_select_renders(value):
    attrs = {"class": "form-select", "id": "id_hub", "required": True}
    django_html = forms.Select(choices=CHOICES, attrs=attrs).render("hub", value)
    quick_html = QuickSelect(choices=CHOICES, attrs=attrs).render("hub", value)

    assert _squeezed(quick_html) == _squeezed(django_html)
    assert "&lt;Carlton&gt;" in quick_html


def test_bootstrap_forms_use_it_for_plain_selects():
    class HubForm(BootstrapFormMixin, forms.Form):
        hub = forms.ChoiceField(choices=CHOICES)
        hubs = forms.MultipleChoiceField(choices=CHOICES)

    form = HubForm()

    assert type(form.fields["hub"].widget) is QuickSelect
    assert type(form.fields["hubs"].widget) is forms.SelectMultiple


@pytest.mark.django_db
def test_model_choices_are_read_in_one_query_without_a_cursor():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hubs.models import Hub
    from tests.factories.hubs import HubFactory

    HubFactory(name="Ashford"), HubFactory(name="<Bramley>")

    class PlainForm(forms.Form):
        hub = forms.ModelChoiceField(queryset=Hub.objects.order_by("name"))

    class HubForm(BootstrapFormMixin, PlainForm):
        pass

    with CaptureQueriesContext(connection) as plain:
        django_html = str(PlainForm(data={"hub": ""})["hub"])
    with CaptureQueriesContext(connection) as ours:
        our_html = str(HubForm(data={"hub": ""})["hub"])

    options = re.compile(r"<option[^>]*>[^<]*</option>")
    assert options.findall(our_html) == options.findall(django_html)
    assert "&lt;Bramley&gt;" in our_html
    # Django reads the choices through a server-side cursor (declare, fetch, close: three round
    # trips); ours is one plain query.
    assert plain.captured_queries
    assert len(ours.captured_queries) == 1
    assert "DECLARE" not in ours.captured_queries[0]["sql"]
    # Choosing still checks against the database.
    hub = Hub.objects.get(name="Ashford")
    form = HubForm(data={"hub": str(hub.pk)})
    assert form.is_valid() and form.cleaned_data["hub"] == hub
