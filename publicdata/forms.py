from django import forms

from hubs.operations.forms import ImportForm
from hubs.years import academic_year_choices


class ResultsImportForm(ImportForm):
    """A performance tables file, with the key stage and year it is for (the files say neither)."""

    key_stage = forms.TypedChoiceField(
        choices=[
            (2, "Key Stage 2 (england_ks2final.csv)"),
            (4, "Key Stage 4 (england_ks4final.csv)"),
        ],
        coerce=int,
    )
    academic_year = forms.TypedChoiceField(
        label="Academic year", choices=academic_year_choices(first=2010), coerce=int
    )
    field_order = ["key_stage", "academic_year", "file"]
