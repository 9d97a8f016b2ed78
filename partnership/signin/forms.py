"""Forms that change allauth's: the sign-in labels, and the code page's count of wrong codes.

allauth's own limit on wrong codes answers "too many attempts" without saying for how long, and
keeps its count in the cache, which each server process has its own copy of. Here the count is
kept on the person's authenticator row, locked while a code is checked, and the page says
whether the code was wrong or not checked at all, and when to try again.
"""

import hashlib
import math
import time
from datetime import UTC, datetime

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone

# Recovery codes from before allauth: lower-case letters and digits without look-alikes, kept
# only as SHA-256 hashes (migration 0006 moved them onto the recovery-codes authenticator).
LEGACY_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LEGACY_HASHES_KEY = "legacy_code_hashes"
THROTTLE_KEY = "wrong_codes"


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email address"
        login.widget.attrs.update(
            {"autocomplete": "email", "autofocus": True, "autocapitalize": "none"}
        )
        login.widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)


def legacy_recovery_hash(code: str) -> str:
    typed = "".join(ch for ch in code.lower() if ch in LEGACY_RECOVERY_ALPHABET)
    return hashlib.sha256(typed.encode()).hexdigest()


def _at(moment: float) -> str:
    return timezone.localtime(datetime.fromtimestamp(moment, tz=UTC)).strftime("%H:%M")


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class CountedCodeMixin:
    """Checks a code from the app or a recovery code, counting wrong codes in a row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = "Code from your authenticator app, or a recovery code"
        code.widget.attrs.pop("placeholder", None)
        code.widget.attrs.update(
            {"autofocus": True, "autocapitalize": "none", "spellcheck": "false"}
        )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        now = time.time()
        with transaction.atomic():
            authenticators = list(
                Authenticator.objects.select_for_update()
                .filter(user=self.user)
                .exclude(type=Authenticator.Type.WEBAUTHN)
            )
            if not authenticators:
                raise forms.ValidationError("That code is wrong.", code="incorrect_code")
            # The count lives on the app's row (or the codes' when there is only that).
            main = next(
                (a for a in authenticators if a.type == Authenticator.Type.TOTP), authenticators[0]
            )
            state = main.data.get(THROTTLE_KEY) or {}
            locked_until = state.get("locked_until", 0)
            if locked_until > now:
                raise forms.ValidationError(
                    "Your code was not checked: there were too many wrong codes in a row. "
                    f"Try again in {_minutes(locked_until - now)}, at {_at(locked_until)}.",
                    code="too_many_codes",
                )
            accepted = self._accepted(authenticators, code)
            if accepted is not None:
                if THROTTLE_KEY in main.data:
                    main.refresh_from_db(fields=["data"])
                    main.data.pop(THROTTLE_KEY, None)
                    main.save(update_fields=["data"])
                accepted.user = self.user
                self.authenticator = accepted
                return code
            wrong = state.get("wrong", 0) + 1
            if wrong >= settings.MFA_WRONG_CODES_ALLOWED:
                state = {"wrong": 0, "locked_until": now + settings.MFA_WRONG_CODES_WAIT_SECONDS}
            else:
                state = {"wrong": wrong}
            main.refresh_from_db(fields=["data"])
            main.data[THROTTLE_KEY] = state
            main.save(update_fields=["data"])
        self._emit_authentication_failed(main)
        if state.get("locked_until"):
            wait = state["locked_until"] - now
            raise forms.ValidationError(
                f"That code is wrong, and that was {settings.MFA_WRONG_CODES_ALLOWED} wrong codes "
                f"in a row: codes are not checked for {_minutes(wait)}. "
                f"Try again at {_at(state['locked_until'])}.",
                code="too_many_codes",
            )
        left = settings.MFA_WRONG_CODES_ALLOWED - wrong
        raise forms.ValidationError(
            "That code is wrong. Check the app shows the code for Partnership and try again "
            f"({left} {'try' if left == 1 else 'tries'} left before a wait of "
            f"{_minutes(settings.MFA_WRONG_CODES_WAIT_SECONDS)}).",
            code="incorrect_code",
        )

    @staticmethod
    def _accepted(authenticators: list[Authenticator], code: str) -> Authenticator | None:
        for authenticator in authenticators:
            if authenticator.wrap().validate_code(code):
                return authenticator
        for authenticator in authenticators:
            hashes = authenticator.data.get(LEGACY_HASHES_KEY)
            if hashes and legacy_recovery_hash(code) in hashes:
                # One use each: the row is locked, so of two requests only one finds the hash.
                authenticator.data[LEGACY_HASHES_KEY] = [
                    h for h in hashes if h != legacy_recovery_hash(code)
                ]
                authenticator.save(update_fields=["data"])
                return authenticator
        return None


class AuthenticateForm(CountedCodeMixin, AllauthAuthenticateForm):
    pass


class ReauthenticateForm(CountedCodeMixin, AllauthReauthenticateForm):
    pass
