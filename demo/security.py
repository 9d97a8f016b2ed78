"""Demo two-factor sign-in: the demo central team and admins share one fixed, published key.

Add the key to an authenticator app by hand (base32 DEMO_TOTP_SECRET), or print the current
code with `manage.py demo_totp EMAIL`. Demo data only: a real account's key is random.
"""

from allauth.mfa.models import Authenticator
from django.db.models import Q

from demo.context import DemoContext
from partnership.models import User

# The RFC 6238 test key "12345678901234567890", as hex and as base32 (typed into an app).
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def seed(ctx: DemoContext) -> None:
    users = User.objects.filter(email__endswith=ctx.email("")).filter(
        Q(is_central_team=True) | Q(is_superuser=True)
    )
    having = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
    Authenticator.objects.bulk_create(
        [
            Authenticator(
                user=user, type=Authenticator.Type.TOTP, data={"secret": DEMO_TOTP_SECRET}
            )
            for user in users.exclude(pk__in=having)
        ]
    )
