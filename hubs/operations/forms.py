"""Forms for hub operations and the import upload pages."""

from django import forms
from django.core.exceptions import ValidationError

from hubs.models import (
    ActionPriority,
    FundingAllocation,
    Hub,
    HubEvent,
    MembershipChange,
    MembershipFee,
    School,
    SpendCategory,
    SpendEntry,
    event_date_window,
)
from hubs.operations.uploads import upload_read
from hubs.years import academic_year_choices
from partnership.lib.forms import BootstrapFormMixin
from partnership.lib.once import OnceOnlyFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a model's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class YearForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Academic year", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = academic_year_choices()


class CreateOnceMixin(OnceOnlyFormMixin):
    """A model form that carries the one-time token only while it creates a record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["submission_token"]


class AllocationForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    class Meta:
        model = FundingAllocation
        fields = ["amount"]


class SpendTargetsForm(BootstrapFormMixin, forms.Form):
    """One target per spend category for a hub's year; a blank one has no target."""

    def __init__(self, *args, targets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in SpendCategory.choices:
            target = targets.get(value)
            self.fields[value] = forms.DecimalField(
                label=f"{label} (£)",
                required=False,
                min_value=0,
                max_digits=10,
                decimal_places=2,
                initial=target.amount if target else None,
            )


class FeesCreateForm(OnceOnlyFormMixin, forms.Form):
    """Setting a year's fees from the bands: only the one-time token."""


class SpendForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    confirm_overspend = forms.BooleanField(
        required=False,
        label="I confirm this spend goes over the allocation (the central team will be told)",
    )

    class Meta:
        model = SpendEntry
        fields = ["spent_on", "amount", "category", "description", "receipt", "priority"]
        widgets = {"spent_on": DATE}

    # The version the person saw: an edit made meanwhile by someone else is not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hub: Hub, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = ActionPriority.objects.filter(
            hub=hub, academic_year=year
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        else:
            del self.fields["version"]


class SpendDeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PriorityForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    class Meta:
        model = ActionPriority
        fields = ["position", "title", "owner", "success_criteria", "status"]
        widgets = {"success_criteria": forms.Textarea(attrs={"rows": 3})}


class EventForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    class Meta:
        model = HubEvent
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "description",
            "schools_attended",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "schools_attended": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = event_date_window()
        window = f"Between {first:%-d %b %Y} and {last:%-d %b %Y}."
        for name in ("starts_at", "ends_at"):
            field = self.fields[name]
            field.help_text = window
            field.widget.attrs.update(min=f"{first:%Y-%m-%d}T00:00", max=f"{last:%Y-%m-%d}T23:59")
        if self.instance.has_started:
            # The hub's own schools; a hub has a few dozen, so a checkbox list stays short.
            schools = self.fields["schools_attended"]
            schools.queryset = School.objects.filter(hub=hub).order_by("name")
        else:
            # Attendance is recorded after the event; it is not offered for one still to come.
            del self.fields["schools_attended"]

    def clean(self):
        cleaned = super().clean()
        schools = cleaned.get("schools_attended")
        if schools:
            try:
                HubEvent(starts_at=cleaned.get("starts_at")).clean_attendance(schools)
            except ValidationError as error:
                add_errors(self, error)
        return cleaned


class MembershipChangeForm(BootstrapFormMixin, OnceOnlyFormMixin, forms.ModelForm):
    urn = forms.CharField(label="School URN", max_length=6)

    class Meta:
        model = MembershipChange
        fields = ["kind", "urn", "to_hub", "effective_on", "note"]
        widgets = {"effective_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"to_hub": "Moves to hub (for a move)"}

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.hub = hub
        self.instance.hub = hub
        self.fields["to_hub"].queryset = Hub.objects.exclude(pk=hub.pk)

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip()
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise ValidationError("No school has this URN.")
        self.instance.school = school
        return urn


class FeeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = MembershipFee
        fields = ["invoiced_on", "paid_on"]
        widgets = {"invoiced_on": DATE, "paid_on": DATE}


class ImportForm(BootstrapFormMixin, forms.Form):
    """A CSV file, chosen now or kept from the dry run (`upload`, a reference to the kept file)."""

    file = forms.FileField(label="CSV file", required=False)
    upload = forms.CharField(widget=forms.HiddenInput, required=False)
    upload_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file and file.size > 100 * 1024 * 1024:
            raise ValidationError("The file is larger than 100 MB.")
        return file

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        file = cleaned.get("file")
        if file:
            # A newly chosen file wins over one kept from an earlier dry run.
            cleaned["content"], cleaned["file_name"], cleaned["upload"] = file.read(), file.name, ""
        elif cleaned.get("upload"):
            content = upload_read(reference=cleaned["upload"], user=self.user)
            if content is None:
                raise ValidationError(
                    "The checked file is no longer kept (it was imported or replaced); "
                    "choose the file again."
                )
            cleaned["content"], cleaned["file_name"] = content, cleaned.get("upload_name", "")
        else:
            self.add_error("file", "Choose a CSV file.")
        return cleaned
