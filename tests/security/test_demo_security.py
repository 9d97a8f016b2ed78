"""Demo central team and admins get a fixed two-factor key; demo_totp prints its code."""

import base64
import datetime
import io
import random

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from demo import security as demo_security
from demo.context import DemoContext, DemoScale
from partnership.signin.second_factor import current_code
from tests.factories.people import CentralTeamFactory, UserFactory

DEMO = "demo.partnership.test"


@pytest.fixture
def demo_users(db):
    return {
        "central": CentralTeamFactory(email=f"central@{DEMO}"),
        "admin": UserFactory(email=f"admin@{DEMO}", is_superuser=True, is_staff=True),
        "manager": UserFactory(email=f"manager.hub-1@{DEMO}"),
        "outsider": CentralTeamFactory(email="central@example.org"),
    }


def seed():
    ctx = DemoContext(DemoScale(), random.Random(1), datetime.date(2026, 1, 5), False, "x")
    demo_security.seed(ctx)


def test_the_published_secret_is_the_stored_key():
    assert base64.b32encode(bytes.fromhex(demo_security.DEMO_TOTP_KEY)).decode() == (
        demo_security.DEMO_TOTP_SECRET
    )


def test_demo_central_team_and_admins_get_a_confirmed_device(demo_users):
    seed()
    seed()  # a second run adds nothing

    owners = set(Authenticator.objects.values_list("user__email", flat=True))
    assert owners == {f"central@{DEMO}", f"admin@{DEMO}"}
    secret = {"secret": demo_security.DEMO_TOTP_SECRET}
    assert Authenticator.objects.filter(type="totp", data=secret).count() == 2


def test_the_demo_key_gives_the_rfc_6238_test_codes(demo_users):
    seed()
    authenticator = Authenticator.objects.get(user=demo_users["central"])

    # RFC 6238, appendix B, SHA-1 at T=59 and T=1111111109 (last six digits).
    assert current_code(authenticator, at=59) == "287082"
    assert current_code(authenticator, at=1111111109) == "081804"


def test_demo_totp_prints_the_current_code(demo_users):
    seed()
    out = io.StringIO()

    call_command("demo_totp", f"central@{DEMO}", stdout=out)

    authenticator = Authenticator.objects.get(user=demo_users["central"])
    assert out.getvalue().strip() == current_code(authenticator)


def test_demo_totp_refuses_real_accounts(demo_users):
    with pytest.raises(CommandError, match="Only demo accounts"):
        call_command("demo_totp", "central@example.org")
