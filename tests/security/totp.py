"""Two-factor helpers for tests: an authenticator app for a person and the code it shows now."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

from partnership.signin.second_factor import ENROLLED_SESSION_KEY, current_code

# A fixed key so a failing test can be replayed with an authenticator app (RFC 6238's, base32).
TEST_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def confirmed_device_for(user) -> Authenticator:
    authenticator, _ = Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": TEST_TOTP_SECRET}}
    )
    return authenticator


def totp_code_for(authenticator: Authenticator) -> str:
    """The current code; forgets it was used, so a test may sign in twice in 30 seconds."""
    code = current_code(authenticator)
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return code


def verify_client(client, user) -> None:
    """Mark a signed-in test Client's session as having a second factor (as after its code).

    The person gets an authenticator app and recovery codes, as setting up an app gives them.
    """
    confirmed_device_for(user)
    RecoveryCodes.activate(user)
    session = client.session
    session[ENROLLED_SESSION_KEY] = True
    session.save()
