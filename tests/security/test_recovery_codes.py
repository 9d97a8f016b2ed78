"""Recovery codes and a lost phone; and a code page that says why a code was refused."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.admin import UserAdmin
from partnership.models import RecoveryCode, User
from partnership.two_factor.devices import current_code, recovery_codes_issue
from tests.factories.people import TEST_PASSWORD, AdminFactory
from tests.security.totp import confirmed_device_for, totp_code_for, verify_client

CODE_RE = re.compile(r"<code class=\"fs-5\">([a-z2-9]{5}-[a-z2-9]{5})</code>")


def signed_in_with_password(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def wrong_codes(client, count):
    for _ in range(count):
        TOTPDevice.objects.update(throttling_failure_timestamp=None)  # no wait between tries
        client.post(reverse("two_factor:verify"), {"code": "000000"})


def test_after_five_wrong_codes_the_right_one_is_not_checked_and_the_wait_is_given(central_team):
    device = confirmed_device_for(central_team)
    client = signed_in_with_password(central_team)
    wrong_codes(client, 5)
    code = current_code(device)

    response = client.post(reverse("two_factor:verify"), {"code": code})

    html = response.content.decode()
    assert "Your code was not checked: there were too many wrong codes in a row." in html
    wait = int(re.search(r"Wait (\d+) seconds \(until \d\d:\d\d:\d\d\)", html).group(1))
    assert 1 < wait <= 16
    assert "did not match" not in html
    assert client.get(reverse("dashboard")).status_code == 302

    # Once the wait is over the right code is taken.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )
    response = client.post(reverse("two_factor:verify"), {"code": code, "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_code_says_it_did_not_match(central_team):
    confirmed_device_for(central_team)
    client = signed_in_with_password(central_team)

    html = client.post(reverse("two_factor:verify"), {"code": "000000"}).content.decode()

    assert "That code did not match. Try again." in html


def test_repeated_wrong_codes_say_how_long_to_wait(central_team):
    confirmed_device_for(central_team)
    client = signed_in_with_password(central_team)
    wrong_codes(client, 3)
    TOTPDevice.objects.update(throttling_failure_timestamp=None)

    html = client.post(reverse("two_factor:verify"), {"code": "000000"}).content.decode()

    assert re.search(r"That code did not match\. After several wrong codes, wait \d+ seconds", html)


def test_recovery_codes_are_stored_hashed_and_shown_once(central_team):
    codes = recovery_codes_issue(user=central_team)

    stored = set(RecoveryCode.objects.filter(user=central_team).values_list("code_hash", flat=True))
    assert len(codes) == len(set(codes)) == len(stored) == 10
    assert not stored & set(codes)
    assert all(len(h) == 64 for h in stored)

    client = signed_in_with_password(central_team)
    verify_client(client, central_team)
    response = client.post(reverse("two_factor:new_codes"))
    assert response.url.startswith(reverse("two_factor:codes"))
    shown = CODE_RE.findall(client.get(response.url).content.decode())
    assert len(shown) == 10 and not set(shown) & set(codes)  # the old ones are replaced
    assert client.get(reverse("two_factor:codes")).status_code == 302  # not shown again


def test_new_codes_need_the_second_factor_first(central_team):
    confirmed_device_for(central_team)
    codes = recovery_codes_issue(user=central_team)
    client = signed_in_with_password(central_team)

    response = client.post(reverse("two_factor:new_codes"))

    assert response.url == reverse("two_factor:index")
    assert RecoveryCode.objects.filter(user=central_team).count() == len(codes)


def test_a_recovery_code_signs_in_once_and_sends_the_person_to_enrol_a_new_phone(central_team):
    confirmed_device_for(central_team)
    codes = recovery_codes_issue(user=central_team)
    client = signed_in_with_password(central_team)

    response = client.post(
        reverse("two_factor:recovery"), {"code": f" {codes[3].upper()} ", "next": "/hubs/"}
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor:setup"))
    assert not TOTPDevice.objects.filter(user=central_team).exists()
    assert not RecoveryCode.objects.filter(user=central_team).exists()
    # Nothing else opens before the new phone is set up.
    assert client.get(reverse("dashboard")).url.startswith(reverse("two_factor:setup"))
    setup = client.get(response.url)
    assert setup.status_code == 200 and b"data:image/svg+xml" in setup.content


def test_a_used_or_made_up_recovery_code_is_refused_and_counts_as_a_wrong_code(central_team):
    device = confirmed_device_for(central_team)
    codes = recovery_codes_issue(user=central_team)
    RecoveryCode.objects.filter(user=central_team).update(used_at=timezone.now())
    client = signed_in_with_password(central_team)

    response = client.post(reverse("two_factor:recovery"), {"code": codes[0]})

    assert "That recovery code did not match an unused one." in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert TOTPDevice.objects.filter(user=central_team).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_code_page_offers_a_recovery_code(central_team):
    confirmed_device_for(central_team)
    client = signed_in_with_password(central_team)

    html = client.get(reverse("two_factor:verify")).content.decode()

    assert reverse("two_factor:recovery") in html


def test_an_admin_resets_a_persons_second_factor(db):
    admin = AdminFactory(email="ada.admin@example.org")
    person = User.objects.create_user("lost.phone@example.org", TEST_PASSWORD, is_central_team=True)
    confirmed_device_for(person)
    recovery_codes_issue(user=person)
    admin_client = Client()
    admin_client.force_login(admin)
    verify_client(admin_client, admin)

    response = admin_client.post(
        reverse("admin:partnership_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [person.pk]},
        follow=True,
    )

    assert "Two-factor sign-in reset for 1 person" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not RecoveryCode.objects.filter(user=person).exists()
    client = signed_in_with_password(person)
    assert client.get(reverse("dashboard")).url.startswith(reverse("two_factor:setup"))
    assert "reset_two_factor" in UserAdmin.actions


def test_verify_still_takes_the_app_code_after_codes_are_made(central_team):
    device = confirmed_device_for(central_team)
    recovery_codes_issue(user=central_team)
    client = signed_in_with_password(central_team)

    response = client.post(reverse("two_factor:verify"), {"code": totp_code_for(device)})

    assert response.status_code == 302
