from django import forms
from django.core.exceptions import ValidationError

from brokering.models import (
    Engagement,
    Feedback,
    Status,
    SupportRequest,
    rating_validators,
    target_date_window,
)
from hubs.models import School
from partnership.lib.forms import BootstrapFormMixin
from partnership.lib.once import OnceOnlyFormMixin
from partnership.models import User
from reviews.models import PracticeArea


class DateInput(forms.DateInput):
    """A browser date field: its value must be written as YYYY-MM-DD, whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


def central_team_users():
    """The brokers a request may be assigned to, with what their names are written from."""
    return (
        User.objects.filter(is_central_team=True, is_active=True)
        .order_by("full_name")
        .only("full_name", "email")
    )


class SupportRequestForm(BootstrapFormMixin, OnceOnlyFormMixin, forms.Form):
    """Raise or edit a request. Central team staff give a URN; others choose their school.

    Raising carries a one-time token (a repeated send makes no second request); editing does not.
    """

    school = forms.ModelChoiceField(queryset=School.objects.none(), required=False)
    urn = forms.CharField(
        label="School URN", max_length=6, required=False, help_text="6 digits, from GIAS."
    )
    practice_areas = forms.ModelMultipleChoiceField(
        queryset=PracticeArea.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        label="Practice areas",
    )
    needed = forms.CharField(label="What is needed", widget=forms.Textarea(attrs={"rows": 4}))
    preferred_format = forms.ChoiceField(choices=SupportRequest.Format.choices)
    target_date = forms.DateField(widget=DateInput, help_text="When you would like the support by.")

    def __init__(self, *args, schools=None, by_urn=False, editing=False, **kwargs):
        self.schools = schools
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["submission_token"]
        # The model refuses a date outside the window; the date picker offers only that window.
        first, last = target_date_window()
        self.fields["target_date"].widget.attrs.update(min=first.isoformat(), max=last.isoformat())
        if editing or by_urn:
            del self.fields["school"]
        if editing or not by_urn:
            del self.fields["urn"]
        if "school" in self.fields:
            self.fields["school"].queryset = schools
            self.fields["school"].required = True
            if schools is not None and len(schools) == 1:
                self.fields["school"].initial = schools[0].pk

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip()
        school = self.schools.filter(urn=urn).first() if urn else None
        if school is None:
            raise ValidationError("No school with that URN.")
        return school

    def chosen_school(self) -> School:
        return self.cleaned_data.get("school") or self.cleaned_data.get("urn")


class VersionedForm(BootstrapFormMixin, forms.Form):
    """Carries the request version the person saw, so a stale action can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(VersionedForm):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(VersionedForm):
    broker = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Nobody"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["broker"].queryset = central_team_users()


class BulkAssignForm(BootstrapFormMixin, forms.Form):
    """Queue rows are ticked as "id:version", so a request changed since is refused."""

    broker = forms.ModelChoiceField(queryset=User.objects.none(), label="Assign to")
    selected = forms.MultipleChoiceField(choices=[], required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["broker"].queryset = central_team_users()
        # The choices are whatever the queue showed; the view checks each is visible.
        if self.is_bound:
            values = self.data.getlist("selected")
            self.fields["selected"].choices = [(value, value) for value in values]

    def clean_selected(self) -> list[tuple[int, int]]:
        pairs = []
        for value in self.cleaned_data["selected"]:
            request_id, _, version = value.partition(":")
            if not (request_id.isdigit() and version.isdigit()):
                raise ValidationError("Choose requests from the queue.")
            pairs.append((int(request_id), int(version)))
        return pairs


class ProposeForm(VersionedForm):
    provider = forms.ModelChoiceField(queryset=School.objects.all(), widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=SupportRequest.Format.choices, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RespondForm(VersionedForm):
    accept = forms.TypedChoiceField(
        choices=[("yes", "Accept"), ("no", "Decline")], coerce=lambda v: v == "yes"
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class EngagementForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["format", "starts_on", "ends_on", "delivered"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}


class FeedbackForm(BootstrapFormMixin, forms.ModelForm):
    quality_rating = forms.IntegerField(
        label="Quality of support (1 to 10)", validators=rating_validators
    )
    service_rating = forms.IntegerField(
        label="Central team service (1 to 10)", validators=rating_validators
    )

    class Meta:
        model = Feedback
        fields = ["quality_rating", "service_rating", "comment"]
