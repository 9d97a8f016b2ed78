"""The second factor as a person meets it: a QR code, recovery codes, wrong codes, a lost phone."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from playwright.sync_api import expect

from partnership.signin.second_factor import current_code
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.people import TEST_PASSWORD, AdminFactory, UserFactory
from tests.security.totp import confirmed_device_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def password_step(page, user) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def code_from_typed_key(base32: str) -> str:
    """What an authenticator app shows after the key is typed into it."""
    return current_code(Authenticator(data={"secret": base32.replace(" ", "")}))


def test_the_central_team_enrols_with_a_qr_code_and_is_shown_recovery_codes(page, central_team):
    password_step(page, central_team)
    page.goto(f"{page.base_url}/reports/")
    page.wait_for_url("**/2fa/totp/activate/**")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_count(1)
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 200
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label("Authenticator code").fill(
        code_from_typed_key(page.locator("#totp-secret").inner_text())
    )
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/2fa/recovery-codes/**")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Continue to your dashboard").click()
    page.wait_for_url(f"{page.base_url}/")
    assert Authenticator.objects.filter(user=central_team, type="totp").exists()


def test_wrong_codes_say_so_then_the_wait_then_a_recovery_code_signs_in(page, central_team):
    confirmed_device_for(central_team)
    codes = RecoveryCodes.activate(central_team).generate_codes()
    password_step(page, central_team)
    page.wait_for_url("**/2fa/authenticate/**")
    # Half signed in: no menu, only the site's name.
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_count(1)
    assert_accessible(page)

    field = page.get_by_label(re.compile("Code from your authenticator app"))
    field.fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(re.compile(r"That code is wrong\..*4 tries left"))).to_be_visible()
    assert_accessible(page)
    for _ in range(settings.MFA_WRONG_CODES_ALLOWED - 1):
        page.get_by_label(re.compile("Code from your authenticator app")).fill("000000")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    page.get_by_label(re.compile("Code from your authenticator app")).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_text(re.compile(r"Your code was not checked.*Try again in 5 minutes, at"))
    ).to_be_visible()

    # The wait is over: the recovery code stands in for the lost phone.
    totp = Authenticator.objects.get(user=central_team, type="totp")
    totp.data.pop("wrong_codes")
    totp.save()
    page.get_by_label(re.compile("Code from your authenticator app")).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{page.base_url}/")
    expect(page.get_by_role("button", name=re.compile("Account"))).to_be_visible()


def test_an_admin_of_the_central_team_resets_a_lost_phone(page):
    admin = AdminFactory(email="ada.admin@example.org", full_name="Ada Admin")
    person = UserFactory(email="lost.phone@example.org", full_name="Lou Lost")
    confirmed_device_for(person)
    RecoveryCodes.activate(person)
    sign_in(page, admin)

    page.goto(f"{page.base_url}/admin/partnership/user/?q=lost.phone")
    page.locator(f"input[name=_selected_action][value='{person.pk}']").check()
    page.locator("select[name=action]").select_option("reset_two_factor")
    page.get_by_role("button", name="Go").click()

    expect(page.get_by_text("Two-factor sign-in reset for 1 person")).to_be_visible()
    assert not Authenticator.objects.filter(user=person).exists()
