from django import forms

from hubs.models import School
from hubs.years import academic_year_of
from partnership.lib.forms import BootstrapFormMixin
from reviews.models import (
    AreaOfExcellence,
    HeadteacherFeedback,
    PracticeArea,
    Review,
    Reviewer,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(BootstrapFormMixin, forms.Form):
    """Carries the review version the page was built from (see services._lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(BootstrapFormMixin, forms.ModelForm):
    school_urn = forms.CharField(
        label="School URN", max_length=6, help_text="The school's 6-digit URN."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Review
        fields = ["kind", "spotlight_scope", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["school_urn"]
            self.fields["version"].initial = self.instance.version

    def clean_school_urn(self) -> School:
        urn = self.cleaned_data["school_urn"].strip()
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise forms.ValidationError("No school has that URN.")
        return school

    def clean(self):
        cleaned = super().clean()
        starts_on = cleaned.get("starts_on")
        if starts_on:
            cleaned["academic_year"] = academic_year_of(starts_on)
        return cleaned

    def _post_clean(self):
        # Model validation runs in the service, once the framework for the year is known.
        pass


class TransitionForm(VersionForm):
    to = forms.ChoiceField(choices=Review.Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TeamMemberForm(VersionForm):
    reviewer = forms.ModelChoiceField(
        queryset=Reviewer.objects.select_related("user", "school"),
        widget=forms.HiddenInput,
    )
    role = forms.ChoiceField(choices=Reviewer.Role.choices, widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label="Reason to override the conflict",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only for a same-hub or last-year conflict. Recorded on the team.",
    )


class TeamMemberByEmailForm(VersionForm):
    """Add any reviewer by email address, when no suggestion fits."""

    email = forms.EmailField(label="Reviewer's email address")
    role = forms.ChoiceField(choices=Reviewer.Role.choices)
    override_reason = forms.CharField(
        label="Reason to override a conflict (if any)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_email(self) -> Reviewer:
        reviewer = (
            Reviewer.objects.select_related("user", "school")
            .filter(user__email__iexact=self.cleaned_data["email"])
            .first()
        )
        if reviewer is None:
            raise forms.ValidationError("No reviewer has that email address.")
        return reviewer


class SwapForm(TeamMemberForm):
    member = forms.IntegerField(widget=forms.HiddenInput)


class EstimatesForm(VersionForm):
    """One choice per heading of the review's own framework."""

    summary = forms.CharField(
        label="What went well: summary", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        grades = list(review.framework.grades.all())
        current = {e.heading_id: e.grade_id for e in review.estimates.all()}
        self.headings = list(review.framework.headings.all())
        for heading in self.headings:
            self.fields[f"heading_{heading.pk}"] = forms.TypedChoiceField(
                label=heading.title,
                choices=[("", "Not yet estimated")] + [(g.pk, g.label) for g in grades],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(heading.pk),
            )
        self.grades = {g.pk: g for g in grades}
        self.fields["summary"].initial = review.what_went_well_summary
        self.fields["version"].initial = review.version
        self.order_fields([f"heading_{h.pk}" for h in self.headings] + ["summary"])
        # The mixin styled the fields that existed before; style the headings added here.
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"

    def grades_by_heading(self) -> dict:
        return {
            heading: self.grades.get(self.cleaned_data.get(f"heading_{heading.pk}"))
            for heading in self.headings
        }


class StrengthForm(VersionForm):
    text = forms.CharField(label="What went well", widget=forms.Textarea(attrs={"rows": 2}))


class EvenBetterIfForm(VersionForm):
    text = forms.CharField(label="Even better if", widget=forms.Textarea(attrs={"rows": 2}))
    practice_area = forms.ModelChoiceField(
        queryset=PracticeArea.objects.filter(is_active=True),
        required=False,
        help_text="So the school can ask for support in this area.",
    )


class NominationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = AreaOfExcellence
        fields = ["practice_area", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice_area"].queryset = PracticeArea.objects.filter(is_active=True)


class VerifyForm(VersionForm):
    verified = forms.TypedChoiceField(
        label="The team's decision",
        choices=[("yes", "Verified"), ("no", "Not verified")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class FeedbackForm(BootstrapFormMixin, forms.ModelForm):
    # The choices hold ratings to 1..10 and the model's validators check again on save. (Field
    # validators would run on the submitted text before TypedChoiceField coerces it, and fail.)
    impact_rating = forms.TypedChoiceField(
        label=HeadteacherFeedback._meta.get_field("impact_rating").verbose_name.capitalize()
        + " (1 to 10)",
        choices=[(n, n) for n in range(1, 11)],
        coerce=int,
    )
    development_rating = forms.TypedChoiceField(
        label=HeadteacherFeedback._meta.get_field("development_rating").verbose_name.capitalize()
        + " (1 to 10)",
        choices=[(n, n) for n in range(1, 11)],
        coerce=int,
    )

    class Meta:
        model = HeadteacherFeedback
        fields = ["impact_rating", "development_rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}


class ShareForm(BootstrapFormMixin, forms.Form):
    urn = forms.CharField(label="URN of the school to share with", max_length=6)

    def clean_urn(self) -> School:
        school = School.objects.filter(urn=self.cleaned_data["urn"].strip()).first()
        if school is None:
            raise forms.ValidationError("No school has that URN.")
        return school
