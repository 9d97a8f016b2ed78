import re

from django import forms

from hubs.models import School
from hubs.years import academic_year_of
from partnership.lib.forms import BootstrapFormMixin
from partnership.lib.once import OnceOnlyFormMixin
from reviews.models import (
    AreaOfExcellence,
    EbiOutcome,
    HeadteacherFeedback,
    ImprovementAction,
    PracticeArea,
    Review,
    Reviewer,
    ReviewerFeedback,
    ReviewKind,
    Unavailability,
    review_date_window,
)

# How many schools a search offers to choose from.
SCHOOL_CHOICES_SHOWN = 10

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(BootstrapFormMixin, forms.Form):
    """Carries the review version the page was built from (see services._lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.ModelForm):
    """Schedule a review (with its one-time token) or change one (without)."""

    school = forms.CharField(
        label="School",
        max_length=200,
        help_text="Its name (or part of it) or its 6-digit URN.",
    )
    # Chosen by slug, so a form reads the same with the kind's rows in any order; the first kind
    # (by position) is preselected.
    kind = forms.ModelChoiceField(
        queryset=ReviewKind.objects.all(), to_field_name="slug", empty_label=None
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["school", "kind", "spotlight_scope", "starts_on", "ends_on"]

    class Meta:
        model = Review
        fields = ["kind", "spotlight_scope", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The schools the user may pick from (those they see); a search is answered from these.
        self.schools = schools if schools is not None else School.objects.none()
        self.school_choices: list[School] = []
        earliest, latest = review_date_window()
        for name in ("starts_on", "ends_on"):
            field = self.fields[name]
            field.widget.attrs.update({"min": earliest.isoformat(), "max": latest.isoformat()})
            field.help_text = f"Between {earliest:%-d %B %Y} and {latest:%-d %B %Y}."
        if self.instance.pk:
            del self.fields["school"]
            del self.fields["submission_token"]
            self.fields["version"].initial = self.instance.version
            self.initial["kind"] = self.instance.kind.slug

    def clean_school(self) -> School:
        text = self.cleaned_data["school"].strip()
        by_urn = self.schools.filter(urn=text).first() if text.isdigit() else None
        if by_urn is not None:
            return by_urn
        found = list(
            self.schools.filter(name__icontains=text)
            .select_related("hub")
            .order_by("name", "urn")[: SCHOOL_CHOICES_SHOWN + 1]
        )
        exact = [school for school in found if school.name.lower() == text.lower()]
        if len(found) == 1 or len(exact) == 1:
            return exact[0] if len(exact) == 1 else found[0]
        if not found:
            raise forms.ValidationError("No school has that name or URN.")
        self.school_choices = found[:SCHOOL_CHOICES_SHOWN]
        more = " (the first ten are shown; type more of the name)" if len(found) > 10 else ""
        raise forms.ValidationError(f"Several schools match: tick one below{more}.")

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


class TeamMemberForm(OnceOnlyFormMixin, VersionForm):
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


class TeamMemberByEmailForm(OnceOnlyFormMixin, VersionForm):
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
    # A swap replaces a member: sending it twice finds the first member gone and the version moved.
    submission_token = None
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


POINT_NAME = re.compile(r"(strength|ebi)_\d+")
POINT_LABELS = {"strength": "A strength", "ebi": "An even better if"}
TEXT_NAMES = {"summary", "new_strength", "new_ebi"}


class ReportForm(OnceOnlyFormMixin, EstimatesForm):
    """The whole report in one form: estimates, summary, the points already written (to edit or
    remove) and a new strength and a new even better if, saved together so nothing typed is lost."""

    new_strength = forms.CharField(
        label="Add a strength (what went well)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_ebi = forms.CharField(
        label="Add an even better if",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_ebi_area = forms.ModelChoiceField(
        label="Practice area of the new even better if",
        queryset=PracticeArea.objects.filter(is_active=True),
        required=False,
        help_text="So the school can ask for support in this area.",
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        self.review = review
        self.strengths = list(review.strengths.all())
        self.ebis = list(review.ebis.select_related("practice_area"))
        areas = self.fields["new_ebi_area"].queryset
        for number, strength in enumerate(self.strengths, 1):
            self.fields[f"strength_{strength.pk}"] = forms.CharField(
                label=f"Strength {number}",
                required=False,
                initial=strength.text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"strength_{strength.pk}_remove"] = forms.BooleanField(
                label=f"Remove strength {number}", required=False
            )
        for number, ebi in enumerate(self.ebis, 1):
            self.fields[f"ebi_{ebi.pk}"] = forms.CharField(
                label=f"Even better if {number}",
                required=False,
                initial=ebi.text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"ebi_{ebi.pk}_area"] = forms.ModelChoiceField(
                label=f"Practice area of even better if {number}",
                queryset=areas,
                required=False,
                initial=ebi.practice_area_id,
            )
            self.fields[f"ebi_{ebi.pk}_remove"] = forms.BooleanField(
                label=f"Remove even better if {number}", required=False
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") != self.review.version:
            # Built on an older page: the service refuses it as a whole, nothing to check here.
            return cleaned
        for kind, points in (("strength", self.strengths), ("ebi", self.ebis)):
            for point in points:
                name = f"{kind}_{point.pk}"
                if not cleaned.get(f"{name}_remove") and not (cleaned.get(name) or "").strip():
                    self.add_error(name, "Write the point, or tick Remove to take it out.")
        if cleaned.get("new_ebi_area") and not (cleaned.get("new_ebi") or "").strip():
            self.add_error("new_ebi", "Write the even better if for this practice area.")
        return cleaned

    def estimate_fields(self):
        return [self[f"heading_{h.pk}"] for h in self.headings] + [self["summary"]]

    def field_groups(self):
        """For the template: each existing point's boxes together."""
        return {
            "strengths": [
                (self[f"strength_{p.pk}"], self[f"strength_{p.pk}_remove"]) for p in self.strengths
            ],
            "ebis": [
                (self[f"ebi_{p.pk}"], self[f"ebi_{p.pk}_area"], self[f"ebi_{p.pk}_remove"])
                for p in self.ebis
            ],
        }

    def changes(self) -> dict:
        """What the service needs: edited and removed points, and the new ones."""
        data = self.cleaned_data
        strengths = {
            p: None if data[f"strength_{p.pk}_remove"] else data[f"strength_{p.pk}"].strip()
            for p in self.strengths
        }
        ebis = {
            p: None
            if data[f"ebi_{p.pk}_remove"]
            else (data[f"ebi_{p.pk}"].strip(), data[f"ebi_{p.pk}_area"])
            for p in self.ebis
        }
        return {
            "strengths": strengths,
            "ebis": ebis,
            "new_strength": data["new_strength"].strip(),
            "new_ebi": data["new_ebi"].strip(),
            "new_ebi_area": data["new_ebi_area"],
        }

    def typed_text(self) -> list[tuple[str, str]]:
        """What was typed into the text boxes and differs from the review as it now is, read
        from the submitted data (so points someone else has since removed are included)."""
        current = {f"strength_{p.pk}": p.text for p in self.strengths}
        current |= {f"ebi_{p.pk}": p.text for p in self.ebis}
        current["summary"] = self.review.what_went_well_summary
        typed = []
        for name, value in self.data.items():
            value = value.strip()
            kind = name.split("_")[0]
            if not value or not POINT_NAME.fullmatch(name) and name not in TEXT_NAMES:
                continue
            if value == current.get(name, "").strip():
                continue
            label = self.fields[name].label if name in self.fields else POINT_LABELS[kind]
            typed.append((label, value))
        return typed


class NominationForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.ModelForm):
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


RATING_CHOICES = [("", "Choose a rating")] + [(n, n) for n in range(1, 11)]


def _rating(name: str) -> forms.TypedChoiceField:
    # The choices hold ratings to 1..10 and the model's validators check again on save. (Field
    # validators would run on the submitted text before TypedChoiceField coerces it, and fail.)
    # The empty first choice means an untouched form stores nothing rather than a 1.
    label = HeadteacherFeedback._meta.get_field(name).verbose_name
    return forms.TypedChoiceField(
        label=label.capitalize() + " (1 to 10)",
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        error_messages={"required": f"Choose a rating from 1 to 10 for the {label}."},
    )


class FeedbackForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.ModelForm):
    impact_rating = _rating("impact_rating")
    development_rating = _rating("development_rating")

    class Meta:
        model = HeadteacherFeedback
        fields = ["impact_rating", "development_rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}


class ShareForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.Form):
    urn = forms.CharField(label="URN of the school to share with", max_length=6)

    def clean_urn(self) -> School:
        school = School.objects.filter(urn=self.cleaned_data["urn"].strip()).first()
        if school is None:
            raise forms.ValidationError("No school has that URN.")
        return school


class SelfEvaluationForm(VersionForm):
    """The school's own estimate under each heading of the review's framework, and its focus."""

    focus = forms.CharField(
        label="The focus you want the team to look at",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="An area of the school's work the team should look at closely.",
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        evaluation = getattr(review, "self_evaluation", None)
        current = {}
        if evaluation is not None:
            current = {e.heading_id: e.grade_id for e in evaluation.estimates.all()}
            self.fields["focus"].initial = evaluation.focus
        grades = list(review.framework.grades.all())
        self.grades = {g.pk: g for g in grades}
        self.headings = list(review.framework.headings.all())
        for heading in self.headings:
            self.fields[f"heading_{heading.pk}"] = forms.TypedChoiceField(
                label=heading.title,
                choices=[("", "No estimate")] + [(g.pk, g.label) for g in grades],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(heading.pk),
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.fields["version"].initial = review.version
        self.order_fields([f"heading_{h.pk}" for h in self.headings] + ["focus"])

    def grades_by_heading(self) -> dict:
        return {
            heading: self.grades.get(self.cleaned_data.get(f"heading_{heading.pk}"))
            for heading in self.headings
        }


class EvidenceForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.Form):
    heading = forms.ModelChoiceField(label="Heading", queryset=None, empty_label=None)
    text = forms.CharField(
        label="Evidence", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].queryset = review.framework.headings.all()


class ImprovementActionForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.ModelForm):
    """An action on an EBI: added with a one-time token, changed at the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ImprovementAction
        fields = ["text", "owner", "due_on", "rag"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["submission_token"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]


class EbiOutcomesForm(BootstrapFormMixin, forms.Form):
    """The team's finding on each EBI the previous review left, one choice per EBI."""

    def __init__(self, *args, ebis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.ebis = list(ebis)
        for ebi in self.ebis:
            outcome = getattr(ebi, "outcome", None)  # none recorded yet: no attribute
            self.fields[f"ebi-{ebi.pk}"] = forms.ChoiceField(
                label=ebi.text,
                choices=[("", "Not recorded yet"), *EbiOutcome.Outcome.choices],
                required=False,
                initial=outcome.outcome if outcome else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def outcomes(self) -> dict[int, str]:
        return {ebi.pk: self.cleaned_data[f"ebi-{ebi.pk}"] for ebi in self.ebis}

    def rows(self):
        return [(ebi, self[f"ebi-{ebi.pk}"]) for ebi in self.ebis]


class UnavailabilityForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Unavailability
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        labels = {"starts_on": "From", "ends_on": "To (the last day away)"}


class ReviewerFeedbackForm(OnceOnlyFormMixin, BootstrapFormMixin, forms.ModelForm):
    """One reviewer's rating, from the lead or the headteacher; the rating starts empty."""

    reviewer = forms.ModelChoiceField(queryset=Reviewer.objects.none(), empty_label=None)
    rating = forms.TypedChoiceField(
        label="Rating (1 to 10)",
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        error_messages={"required": "Choose a rating from 1 to 10."},
    )

    class Meta:
        model = ReviewerFeedback
        fields = ["reviewer", "rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            reviewers if reviewers is not None else Reviewer.objects.none()
        )
        self.fields["reviewer"].label_from_instance = lambda reviewer: reviewer.user.full_name
