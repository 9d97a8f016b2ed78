"""Forms for events: adding and editing one, and marking who came."""

from django import forms
from django.core.exceptions import ValidationError

from events.models import Event, event_date_window
from hubs.models import Hub, School
from partnership.lib.forms import BootstrapFormMixin
from partnership.lib.once import OnceOnlyFormMixin

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a model's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CreateOnceMixin(OnceOnlyFormMixin):
    """A model form that carries the one-time token only while it creates a record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["submission_token"]


class EventForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "description",
            "capacity",
            "cancel_until",
            "schools_attended",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "cancel_until": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "schools_attended": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, hub: Hub | None, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = event_date_window()
        window = f"Between {first:%-d %b %Y} and {last:%-d %b %Y}."
        for name in ("starts_at", "ends_at"):
            field = self.fields[name]
            field.help_text = window
            field.widget.attrs.update(min=f"{first:%Y-%m-%d}T00:00", max=f"{last:%Y-%m-%d}T23:59")
        if hub is None:
            self.fields["kind"].initial = Event.Kind.NATIONAL_EVENT
        if self.instance.has_started and hub is not None:
            # The hub's own schools; a hub has a few dozen, so a checkbox list stays short.
            schools = self.fields["schools_attended"]
            schools.queryset = School.objects.filter(hub=hub).order_by("name")
        else:
            # Attendance is recorded after the event; it is not offered for one still to come
            # (nor by school for a national event: its bookings record who came).
            del self.fields["schools_attended"]

    def clean(self):
        cleaned = super().clean()
        schools = cleaned.get("schools_attended")
        if schools:
            try:
                Event(starts_at=cleaned.get("starts_at")).clean_attendance(schools)
            except ValidationError as error:
                add_errors(self, error)
        return cleaned


class BookingForm(OnceOnlyFormMixin, forms.Form):
    """Booking a place: only the one-time token."""
