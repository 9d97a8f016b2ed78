from django import forms

from hubs.operations.forms import CreateOnceMixin
from partnership.lib.forms import BootstrapFormMixin
from survey.models import SERVICES, SurveyResponse


class SurveyForm(BootstrapFormMixin, CreateOnceMixin, forms.ModelForm):
    recommend = forms.TypedChoiceField(
        label=SurveyResponse._meta.get_field("recommend").verbose_name.capitalize(),
        choices=[("", "Choose…")] + [(n, str(n)) for n in range(11)],
        coerce=int,
        help_text="0: not at all likely; 10: extremely likely.",
    )

    class Meta:
        model = SurveyResponse
        fields = ["recommend", *(f"satisfaction_{name}" for name, _ in SERVICES)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, _ in SERVICES:
            field = self.fields[f"satisfaction_{name}"]
            field.choices = [("", "Did not use it this year"), *list(field.choices)[1:]]
