"""Forms for hub operations and the import upload pages."""

from django import forms
from django.core.exceptions import ValidationError

from hubs.models import (
    ActionPriority,
    FundingAllocation,
    Hub,
    MembershipChange,
    MembershipFee,
    School,
    SpendCategory,
    SpendEntry,
)
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


# The largest import file accepted: the national GIAS extract is about 60 MB.
IMPORT_MAX_BYTES = 100 * 1024 * 1024


class ImportForm(BootstrapFormMixin, forms.Form):
    """A CSV file to check (dry run) or import; the page stores it and queues the run."""

    file = forms.FileField(label="CSV file", error_messages={"required": "Choose a CSV file."})

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                f"The file is {file.size / 1024 / 1024:.0f} MB; the largest accepted is 100 MB."
            )
        return file
