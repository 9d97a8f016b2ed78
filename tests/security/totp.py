"""Two-factor helpers for tests: a confirmed TOTP device and the code it shows now."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.two_factor.devices import current_code, verified_session_data

# A fixed key so a failing test can be replayed with an authenticator app.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def confirmed_device_for(user) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test authenticator", defaults={"key": TEST_TOTP_KEY, "confirmed": True}
    )
    return device


def totp_code_for(device: TOTPDevice) -> str:
    """The current code; forgets the last code used so a test may sign in twice in 30 seconds."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return current_code(device)


def verify_client(client, user) -> None:
    """Mark a signed-in test Client's session as having passed two-factor sign-in."""
    session = client.session
    session.update(verified_session_data(confirmed_device_for(user)))
    session.save()
