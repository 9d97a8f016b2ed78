from django import forms
from django.core.validators import RegexValidator

from partnership.lib.forms import BootstrapFormMixin


class CodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        validators=[RegexValidator(r"^\d{6,8}$", "Enter the 6-digit code your app shows.")],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace(" ", "")


class RecoveryCodeForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(
        label="Recovery code",
        max_length=20,
        help_text="One of the codes you saved when you set up two-factor sign-in (abcde-fghjk).",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
