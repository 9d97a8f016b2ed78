from django import forms
from django.core.exceptions import ValidationError

from hubs.years import academic_year_choices
from partnership.lib.forms import BootstrapFormMixin
from publicdata.uploads import upload_read


class UploadForm(BootstrapFormMixin, forms.Form):
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


class ResultsImportForm(UploadForm):
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
