"""django-axes: repeated wrong passwords lock that account from that address for a while."""

from django.conf import settings
from django.urls import reverse

from tests.factories.people import TEST_PASSWORD


def sign_in(client, email, password, address="192.0.2.10"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_wrong_passwords_lock_the_account_with_a_clear_message(client, hub_manager_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, hub_manager_a.email, "not-the-password")
        assert response.status_code == 200

    response = sign_in(client, hub_manager_a.email, "not-the-password")

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_locked_account_stays_locked_even_with_the_right_password(client, hub_manager_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, hub_manager_a.email, "not-the-password")

    response = sign_in(client, hub_manager_a.email, TEST_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_half_an_hour(client, hub_manager_a):
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_the_lock_is_for_that_account_from_that_address_only(client, hub_manager_a, contact_b):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, hub_manager_a.email, "not-the-password")

    other_account = sign_in(client, contact_b.email, TEST_PASSWORD)
    other_address = sign_in(client, hub_manager_a.email, TEST_PASSWORD, address="192.0.2.99")

    assert other_account.status_code == 302
    assert other_address.status_code == 302


def test_a_good_sign_in_resets_the_count(client, hub_manager_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, hub_manager_a.email, "not-the-password")
    assert sign_in(client, hub_manager_a.email, TEST_PASSWORD).status_code == 302
    client.post(reverse("account_logout"))

    response = sign_in(client, hub_manager_a.email, "not-the-password")

    assert response.status_code == 200


def test_case_variants_of_a_locked_email_are_refused_too(client, hub_manager_a):
    """The lock is per account: another letter case or spaces round the email get round nothing."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, hub_manager_a.email, "not-the-password")

    variants = [
        hub_manager_a.email.upper(),
        hub_manager_a.email.capitalize(),
        hub_manager_a.email.swapcase(),
        f"  {hub_manager_a.email}  ",
        f" {hub_manager_a.email.upper()}",
    ]
    for variant in variants:
        response = sign_in(client, variant, TEST_PASSWORD)
        assert response.status_code == 429, variant
        assert "_auth_user_id" not in client.session


def test_wrong_passwords_under_case_variants_add_up_to_one_lock(client, hub_manager_a):
    spellings = [hub_manager_a.email.upper(), hub_manager_a.email, hub_manager_a.email.title()]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, spellings[attempt % len(spellings)], "not-the-password")

    response = sign_in(client, hub_manager_a.email, TEST_PASSWORD)

    assert response.status_code == 429
