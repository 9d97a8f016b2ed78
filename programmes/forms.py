from django import forms

from hubs.choices import Phase
from hubs.years import academic_year_choices
from partnership.lib.forms import BootstrapFormMixin
from partnership.lib.once import OnceOnlyFormMixin
from programmes.models import Cohort, Participant, ParticipantRole, Programme, Session, Status


class ProgrammeForm(BootstrapFormMixin, forms.ModelForm):
    phases = forms.MultipleChoiceField(
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every phase.",
    )
    participant_roles = forms.MultipleChoiceField(
        choices=ParticipantRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: any role.",
    )

    class Meta:
        model = Programme
        fields = ["name", "kind", "description", "phases", "participant_roles", "is_active"]


class ProgrammeCreateForm(OnceOnlyFormMixin, ProgrammeForm):
    pass


class CohortForm(BootstrapFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    academic_year = forms.TypedChoiceField(
        choices=academic_year_choices, coerce=int, label="Academic year"
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "academic_year",
            "hub",
            "capacity",
            "capacity_unit",
            "starts_on",
            "ends_on",
            "applications_close_on",
            "funding",
            "fee",
            "budget_line",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "applications_close_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, hubs, national_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs.order_by("name")
        if national_allowed:
            self.fields["hub"].empty_label = "National (every hub's schools)"
        else:
            self.fields["hub"].required = True
            self.fields["hub"].empty_label = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # Where a cohort runs is settled once schools have applied to it.
            del self.fields["hub"]


class CohortCreateForm(OnceOnlyFormMixin, CohortForm):
    pass


class ApplyForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.Form):
    school = forms.ModelChoiceField(queryset=None, empty_label=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools.order_by("name")


class ParticipantForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label="Name", max_length=150, required=False)
    role = forms.ChoiceField(choices=[("", "Role")] + ParticipantRole.choices, required=False)
    email = forms.EmailField(label="Email (optional)", required=False)

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles:
            self.fields["role"].choices = [("", "Role")] + [
                (value, label) for value, label in ParticipantRole.choices if value in roles
            ]

    def clean(self):
        data = super().clean()
        if data.get("full_name") and not data.get("role"):
            self.add_error("role", "Give this participant's role.")
        if data.get("role") and not data.get("full_name"):
            self.add_error("full_name", "Give this participant's name.")
        return data


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=4, max_num=20)


class ParticipantAddForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["full_name", "role", "email"]


class SessionForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "held_on"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices)
    version = forms.IntegerField()


class CompleteForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    pupils_reached = forms.IntegerField(min_value=0, required=False)
    teachers_reached = forms.IntegerField(min_value=0, required=False)
    schools_reached = forms.IntegerField(min_value=0, required=False)

    def __init__(self, *args, whole_school: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not whole_school:
            for name in ("pupils_reached", "teachers_reached", "schools_reached"):
                del self.fields[name]
