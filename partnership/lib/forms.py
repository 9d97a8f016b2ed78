"""Form helpers shared by every app."""

from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe


class FixedChoices(BaseChoiceIterator):
    """(value, label) pairs read once for a form, and shared by every copy of its fields.

    A form deep-copies each field, choices included, every time it is built; a hub filter at
    national scale has 1,000 pairs, and copying them was a tenth of a list page's time. The
    pairs are never changed in place, so the copies may share them.
    """

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)

    def __deepcopy__(self, memo):
        return self


class QuickSelect(forms.Select):
    """A single select that writes its options in Python.

    Django renders every option through a template of its own, about 0.1 ms an option; a hub
    filter at national scale has 1,000 options and took half of the schools list's time.
    Grouped choices fall back to Django's rendering.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # iter() first: list() asks a ModelChoiceIterator for its length, a COUNT query.
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        options = []
        for option_value, label in choices:
            key = "" if option_value is None else str(option_value)
            mark = " selected" if key in selected else ""
            options.append(f'<option value="{escape(key)}"{mark}>{escape(str(label))}</option>')
        return mark_safe(f'<select name="{escape(name)}"{final_attrs}>{"".join(options)}</select>')


class PlainModelChoiceIterator(ModelChoiceIterator):
    """A model choice field's options read in one query.

    Django reads them through queryset.iterator(), a server-side cursor on PostgreSQL: three
    round trips (declare, fetch, close) for a list of a few dozen people or areas.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class BootstrapFormMixin:
    """Gives each widget Bootstrap's class and marks invalid fields for assistive technology."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                # Same widget, same state; only its rendering is faster (see QuickSelect).
                widget.__class__ = QuickSelect
            if type(field) in (forms.ModelChoiceField, forms.ModelMultipleChoiceField):
                field.iterator = PlainModelChoiceIterator
                field.widget.choices = field.choices
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        # Marked after cleaning, not in __init__: a subclass may still set choices or querysets
        # after this __init__ returns, and validating earlier would cache errors against them.
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
