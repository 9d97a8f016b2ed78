"""State changes need a CSRF token; the whole URLconf is walked in test_url_access_matrix."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.factories.people import TEST_PASSWORD
from tests.security.totp import verify_client


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_login_without_a_token_is_refused(strict_client, hub_manager_a):
    response = strict_client.post(
        reverse("account_login"), {"login": hub_manager_a.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


@pytest.mark.parametrize(
    "name",
    [
        "account_logout",
        "account_change_password",
        "account_reauthenticate",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_generate_recovery_codes",
    ],
)
def test_signed_in_forms_without_a_token_are_refused(strict_client, central_team, name):
    strict_client.force_login(central_team)
    verify_client(strict_client, central_team)

    response = strict_client.post(reverse(name), {"code": "123456", "old_password": "x"})

    assert response.status_code == 403


def test_turning_two_factor_off_without_a_token_is_refused(strict_client, hub_manager_a):
    from tests.security.totp import confirmed_device_for

    confirmed_device_for(hub_manager_a)
    strict_client.force_login(hub_manager_a)
    verify_client(strict_client, hub_manager_a)

    assert strict_client.post(reverse("mfa_deactivate_totp")).status_code == 403
    assert Authenticator.objects.filter(user=hub_manager_a).exists()
