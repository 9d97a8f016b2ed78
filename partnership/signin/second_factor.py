"""The second factor at sign-in, on django-allauth's MFA app: who must have one, and admin resets.

allauth asks for the code before it signs anyone in who has an authenticator app, so a session
that is signed in has passed it. What allauth does not do is require one: the central team and
admins are sent to set up an app (`must_enrol`) before anything else, by
partnership.middleware.TwoFactorRequiredMiddleware.
"""

import base64
import hashlib
import hmac
import time

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

# Set at sign-in and when an app is added or removed: whether this person has a second factor,
# so the pages they open need no query to know it.
ENROLLED_SESSION_KEY = "partnership_second_factor"
# Types that stand alone as a second factor (recovery codes only come with one of them).
SECOND_FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists()


def must_enrol(request) -> bool:
    """A signed-in person whose role requires a second factor and who has none yet."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not (settings.TWO_FACTOR_REQUIRED and user.needs_two_factor):
        return False
    if request.session.get(ENROLLED_SESSION_KEY, False):
        return False
    # allauth announces a new app once its transaction commits; until this session hears of it,
    # ask the database (only people still owing a second factor pay for this query).
    if has_second_factor(user):
        mark_enrolled(request, True)
        return False
    return True


def mark_enrolled(request, enrolled: bool) -> None:
    request.session[ENROLLED_SESSION_KEY] = enrolled


@receiver(user_logged_in)
def remember_enrolment(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_enrolled(request, has_second_factor(user))


@receiver(mfa_signals.authenticator_added)
def enrolled(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type in SECOND_FACTOR_TYPES:
        mark_enrolled(request, True)


@receiver(mfa_signals.authenticator_removed)
def unenrolled(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type in SECOND_FACTOR_TYPES:
        mark_enrolled(request, has_second_factor(user))


def second_factor_reset(*, user) -> int:
    """Remove the person's authenticator app and recovery codes (a lost phone): they enrol afresh.

    Returns how many authenticators were removed.
    """
    with transaction.atomic():
        removed, _ = Authenticator.objects.filter(user=user).delete()
    return removed


def totp_secret(authenticator: Authenticator) -> str:
    """The base32 key of an authenticator app, as typed into the app."""
    return decrypt(authenticator.data["secret"])


def current_code(authenticator: Authenticator, at: float | None = None) -> str:
    """The code the authenticator app shows now (or at the given Unix time): RFC 6238's TOTP,
    HMAC-SHA1 over the 30-second step, as every authenticator app computes it."""
    from allauth.mfa import app_settings

    step = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    secret = totp_secret(authenticator).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, step.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**app_settings.TOTP_DIGITS).zfill(app_settings.TOTP_DIGITS)
