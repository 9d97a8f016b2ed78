"""The second factor as a person meets it: a QR code, recovery codes, a lost phone."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from partnership.models import RecoveryCode
from partnership.two_factor.devices import recovery_codes_issue
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.people import TEST_PASSWORD, AdminFactory, UserFactory
from tests.security.totp import confirmed_device_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def password_step(page, user) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def code_from_typed_key(spaced_base32: str) -> str:
    """What an authenticator app shows after the key is typed into it."""
    typed = spaced_base32.replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    return f"{TOTP(key).token():06d}"


def test_the_central_team_enrols_with_a_qr_code_and_is_shown_recovery_codes(page, central_team):
    password_step(page, central_team)
    page.goto(f"{page.base_url}/reports/")
    page.wait_for_url("**/two-factor/setup/**")
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 200
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill(
        code_from_typed_key(page.locator("#totp-secret").inner_text())
    )
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/two-factor/recovery-codes/**")
    expect(page.get_by_text("they are shown only this once")).to_be_visible()
    expect(page.locator("#recovery-codes code")).to_have_count(10)
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="I have saved them: continue").click()
    page.wait_for_url("**/reports/**")
    assert TOTPDevice.objects.get(user=central_team).confirmed

    page.reload()  # the codes are not shown a second time
    page.goto(f"{page.base_url}/accounts/two-factor/recovery-codes/")
    page.wait_for_url("**/accounts/two-factor/")
    expect(page.locator("#recovery-codes-left")).to_contain_text("10 unused recovery codes")


def test_wrong_codes_then_a_lost_phone_recovered_with_a_recovery_code(page, central_team):
    confirmed_device_for(central_team)
    codes = recovery_codes_issue(user=central_team)
    password_step(page, central_team)
    page.wait_for_url("**/two-factor/verify/**")

    field = page.get_by_label("Code from your authenticator app")
    for _ in range(5):
        TOTPDevice.objects.update(throttling_failure_timestamp=None)
        field.fill("000000")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    page.get_by_label("Code from your authenticator app").fill("123456")
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_text(re.compile(r"Your code was not checked.*Wait \d+ seconds"))
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lost your phone? Use a recovery code").click()
    page.wait_for_url("**/two-factor/recovery/**")
    assert_accessible(page)
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/two-factor/setup/**")
    expect(page.get_by_text("Recovery code accepted")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert not TOTPDevice.objects.filter(user=central_team, confirmed=True).exists()


def test_an_admin_of_the_central_team_resets_a_lost_phone(page):
    admin = AdminFactory(email="ada.admin@example.org", full_name="Ada Admin")
    person = UserFactory(email="lost.phone@example.org", full_name="Lou Lost")
    confirmed_device_for(person)
    recovery_codes_issue(user=person)
    sign_in(page, admin)

    page.goto(f"{page.base_url}/admin/partnership/user/?q=lost.phone")
    page.locator(f"input[name=_selected_action][value='{person.pk}']").check()
    page.locator("select[name=action]").select_option("reset_two_factor")
    page.get_by_role("button", name="Go").click()

    expect(page.get_by_text("Two-factor sign-in reset for 1 person")).to_be_visible()
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not RecoveryCode.objects.filter(user=person).exists()
