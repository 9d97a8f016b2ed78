"""Two-factor sign-in with a time-based code (TOTP): who needs it, and checking a code.

Recovery codes stand in for the app once each when a phone is lost; using one resets the second
factor, so the person enrols their new phone next.
"""

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.models import RecoveryCode

# Set at sign-in: whether this person enrolled a device, so requests need no extra query.
ENROLLED_SESSION_KEY = "partnership_two_factor_enrolled"
PENDING_KEY_SESSION_KEY = "partnership_two_factor_pending_key"
# Recovery codes just made, kept only until the page that shows them once has read them.
NEW_CODES_SESSION_KEY = "partnership_two_factor_new_codes"

RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits without look-alikes (0/o, 1/l/i).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of giving a code: accepted, wrong, or not checked until a wait is over."""

    accepted: bool
    locked_until: datetime | None = None
    # False when the code was not even compared, because of earlier wrong codes.
    checked: bool = True

    @property
    def wait_seconds(self) -> int:
        if self.locked_until is None:
            return 0
        return max(0, math.ceil((self.locked_until - timezone.now()).total_seconds()))


def current_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def confirmed_devices(user) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def must_verify(request) -> bool:
    """A signed-in person who needs a second factor and has not given one this session."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    required = settings.TWO_FACTOR_REQUIRED and user.needs_two_factor
    return required or request.session.get(ENROLLED_SESSION_KEY, False)


def _locked_until(device: TOTPDevice) -> datetime | None:
    allowed, data = device.verify_is_allowed()
    return None if allowed else (data or {}).get("locked_until")


def verify_code(request, code: str) -> CodeCheck:
    """Check the code against the user's device; on success mark the session as verified.

    After each wrong code the device refuses to check another for a while (django-otp's
    throttling doubles the wait each time); the result says until when.
    """
    for device in confirmed_devices(request.user):
        if locked_until := _locked_until(device):
            return CodeCheck(accepted=False, locked_until=locked_until, checked=False)
        if device.verify_token(code):
            mark_verified(request, device)
            return CodeCheck(accepted=True)
        return CodeCheck(accepted=False, locked_until=_locked_until(device))
    return CodeCheck(accepted=False)


def mark_verified(request, device: TOTPDevice) -> None:
    # A new session key on gaining the second factor, as on sign-in, defeats session fixation.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True


def verified_session_data(device: TOTPDevice) -> dict:
    """Session entries that mark a signed-in session as verified with this device."""
    return {DEVICE_ID_SESSION_KEY: device.persistent_id, ENROLLED_SESSION_KEY: True}


@receiver(user_logged_in)
def remember_enrolment(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        request.session[ENROLLED_SESSION_KEY] = enrolled


def _recovery_hash(code: str) -> str:
    typed = "".join(ch for ch in code.lower() if ch in RECOVERY_ALPHABET)
    return hashlib.sha256(typed.encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def recovery_codes_issue(*, user) -> list[str]:
    """Replace the person's recovery codes with a new set; the codes are returned only here."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_recovery_hash(code)) for code in codes
        )
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def second_factor_reset(*, user) -> None:
    """Remove the person's authenticator devices and recovery codes: they enrol afresh."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()


def second_factor_erase(*, user) -> int:
    """Delete every second-factor record of a person whose data is erased; how many went.

    The one place erasure touches sign-in's second factor: today django-otp's TOTP devices and
    our recovery codes; with django-allauth's MFA, its authenticators instead.
    """
    with transaction.atomic():
        devices, _ = TOTPDevice.objects.filter(user=user).delete()
        codes, _ = RecoveryCode.objects.filter(user=user).delete()
    return devices + codes


def recovery_code_sign_in(request, code: str) -> CodeCheck:
    """Accept an unused recovery code in place of the app's code, once, and reset the device.

    Wrong recovery codes count against the same throttle as wrong app codes, so trying both
    gains no extra guesses. The person is then sent to enrol their new phone.
    """
    user = request.user
    device = next(iter(confirmed_devices(user)), None)
    if device is None:
        return CodeCheck(accepted=False)
    if locked_until := _locked_until(device):
        return CodeCheck(accepted=False, locked_until=locked_until, checked=False)
    with transaction.atomic():
        # The update is the single use: of two requests with the same code only one changes a row.
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_recovery_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if not used:
            device.throttle_increment()
            return CodeCheck(accepted=False, locked_until=_locked_until(device))
        second_factor_reset(user=user)
    request.session.cycle_key()
    request.session[ENROLLED_SESSION_KEY] = False
    return CodeCheck(accepted=True)
