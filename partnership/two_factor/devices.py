"""Two-factor sign-in with a time-based code (TOTP): who needs it, and checking a code."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# Set at sign-in: whether this person enrolled a device, so requests need no extra query.
ENROLLED_SESSION_KEY = "partnership_two_factor_enrolled"
PENDING_KEY_SESSION_KEY = "partnership_two_factor_pending_key"


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


def verify_code(request, code: str) -> bool:
    """Check the code against the user's devices; on success mark the session as verified."""
    for device in confirmed_devices(request.user):
        if device.verify_token(code):
            mark_verified(request, device)
            return True
    return False


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
