"""Forms for hub and school pages."""

from django import forms

from hubs.choices import OfstedFramework, ReportCardArea, ReportCardGrade
from hubs.models import School, Trust
from hubs.services import SCHOOL_DETAIL_FIELDS, school_fingerprint
from partnership.lib.forms import BootstrapFormMixin

AREA_PREFIX = "report_card_"


class SchoolForm(BootstrapFormMixin, forms.ModelForm):
    """A school's context, as GIAS and Ofsted describe it. The URN and hub are not edited here."""

    # What the details were when the form was opened, so a save cannot overwrite another's edit.
    fingerprint = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = School
        fields = [f for f in SCHOOL_DETAIL_FIELDS if f != "ofsted_report_card"]
        widgets = {
            "ofsted_inspection_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ofsted_safeguarding_met": forms.NullBooleanSelect,
        }
        labels = {
            "establishment_type": "Type of establishment",
            "ofsted_safeguarding_met": "Safeguarding (report card)",
            "ofsted_inspection_date": "Date of last Ofsted inspection",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trust"].queryset = Trust.objects.only("id", "name")
        self.fields["ofsted_safeguarding_met"].widget.choices = [
            ("unknown", "Not recorded"),
            ("true", "Met"),
            ("false", "Not met"),
        ]
        for area, grade in (self.instance.ofsted_report_card or {}).items():
            self.initial[f"{AREA_PREFIX}{area}"] = grade
        if not self.is_bound:
            self.initial["fingerprint"] = school_fingerprint(self.instance)

    @property
    def area_fields(self):
        return [field for field in self if field.name.startswith(AREA_PREFIX)]

    @property
    def detail_fields(self):
        return [field for field in self.visible_fields() if not field.name.startswith(AREA_PREFIX)]

    def clean(self):
        cleaned = super().clean()
        areas = {
            name.removeprefix(AREA_PREFIX): grade
            for name, grade in cleaned.items()
            if name.startswith(AREA_PREFIX) and grade
        }
        framework = cleaned.get("ofsted_framework")
        if areas and framework != OfstedFramework.REPORT_CARD_2025:
            self.add_error(
                "ofsted_framework",
                "Area grades belong to the report card framework: choose it, or clear the areas.",
            )
        # Set here, not from a field: the model's own clean() then checks it with the rest.
        self.instance.ofsted_report_card = (
            areas if framework == OfstedFramework.REPORT_CARD_2025 else {}
        )
        return cleaned


# One choice per report card area, so grades are recorded by area and never as one overall grade.
for _area, _label in ReportCardArea.choices:
    SchoolForm.base_fields[f"{AREA_PREFIX}{_area}"] = forms.ChoiceField(
        label=_label, choices=[("", "Not graded"), *ReportCardGrade.choices], required=False
    )
