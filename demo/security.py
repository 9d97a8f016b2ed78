"""Demo two-factor devices: the demo central team and admins share one fixed, published key.

Add the key to an authenticator app by hand (base32 DEMO_TOTP_SECRET), or print the current
code with `manage.py demo_totp EMAIL`. Demo data only: a real account's key is random.
"""

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.context import DemoContext
from partnership.models import User

# The RFC 6238 test key "12345678901234567890", as hex (stored) and base32 (typed into an app).
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def seed(ctx: DemoContext) -> None:
    users = User.objects.filter(email__endswith=ctx.email("")).filter(
        Q(is_central_team=True) | Q(is_superuser=True)
    )
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
            for user in users.exclude(totpdevice__isnull=False)
        ]
    )
