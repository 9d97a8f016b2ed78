"""QuickSelect writes the same select as Django's own widget, only faster."""

import re

import pytest
from django import forms

from partnership.forms import BootstrapFormMixin, QuickSelect

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
