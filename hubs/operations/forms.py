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
    SpendEntry,
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
