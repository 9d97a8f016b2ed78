"""Recovery codes and a lost phone; and a code page that says why a code was refused."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from partnership.admin import UserAdmin
from partnership.models import User
from partnership.signin.forms import THROTTLE_KEY, legacy_recovery_hash
from partnership.signin.second_factor import current_code
from tests.factories.people import TEST_PASSWORD, AdminFactory
from tests.security.totp import confirmed_device_for, totp_code_for, verify_client


def at_code_step(user) -> Client:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.url.startswith(reverse("mfa_authenticate"))
    return client


def give(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_wrong_code_says_it_is_wrong_and_how_many_tries_are_left(central_team):
    confirmed_device_for(central_team)
    client = at_code_step(central_team)

    html = give(client, "000000").content.decode()

    assert "That code is wrong." in html
    assert f"({settings.MFA_WRONG_CODES_ALLOWED - 1} tries left before a wait of" in html
    assert "not checked" not in html


def test_after_five_wrong_codes_the_right_one_is_not_checked_and_the_wait_is_given(central_team):
    device = confirmed_device_for(central_team)
    client = at_code_step(central_team)
    for _ in range(settings.MFA_WRONG_CODES_ALLOWED - 1):
        give(client, "000000")

    fifth = give(client, "000000").content.decode()
    assert "and that was 5 wrong codes in a row: codes are not checked for 5 minutes." in fifth

    html = give(client, totp_code_for(device)).content.decode()

    assert re.search(
        r"Your code was not checked: there were too many wrong codes in a row\. "
        r"Try again in 5 minutes, at \d\d:\d\d\.",
        html,
    )
    assert "That code is wrong" not in html
    assert not signed_in(client)

    # Once the wait is over the right code is taken.
    device.refresh_from_db()
    device.data[THROTTLE_KEY]["locked_until"] = time.time() - 1
    device.save()
    assert give(client, totp_code_for(device)).status_code == 302
    assert signed_in(client)


def test_the_count_is_per_person_not_per_browser(central_team):
    confirmed_device_for(central_team)
    for _ in range(settings.MFA_WRONG_CODES_ALLOWED):
        give(at_code_step(central_team), "000000")

    html = give(at_code_step(central_team), "000000").content.decode()

    assert "Your code was not checked" in html


def test_a_right_code_clears_the_count(central_team):
    device = confirmed_device_for(central_team)
    client = at_code_step(central_team)
    give(client, "000000")

    give(client, totp_code_for(device))

    device.refresh_from_db()
    assert THROTTLE_KEY not in device.data


def test_a_recovery_code_signs_in_once(central_team):
    confirmed_device_for(central_team)
    codes = RecoveryCodes.activate(central_team).generate_codes()

    first = at_code_step(central_team)
    assert give(first, codes[3]).status_code == 302
    assert signed_in(first)

    again = at_code_step(central_team)
    assert "That code is wrong." in give(again, codes[3]).content.decode()
    assert not signed_in(again)


def test_a_recovery_code_from_before_allauth_signs_in_once(central_team):
    confirmed_device_for(central_team)
    rc = RecoveryCodes.activate(central_team).instance
    rc.data["legacy_code_hashes"] = [legacy_recovery_hash("abcde-fghjk")]
    rc.save()

    first = at_code_step(central_team)
    assert give(first, " ABCDE-FGHJK ").status_code == 302

    again = at_code_step(central_team)
    assert give(again, "abcde-fghjk").status_code == 200
    assert not signed_in(again)


def test_the_code_page_offers_recovery_codes_for_a_lost_phone(central_team):
    confirmed_device_for(central_team)

    html = at_code_step(central_team).get(reverse("mfa_authenticate")).content.decode()

    assert "Lost your phone? Enter one of the recovery codes" in html


def test_an_admin_resets_a_persons_second_factor(db):
    admin = AdminFactory(email="ada.admin@example.org")
    person = User.objects.create_user("lost.phone@example.org", TEST_PASSWORD, is_central_team=True)
    confirmed_device_for(person)
    RecoveryCodes.activate(person)
    admin_client = Client()
    admin_client.force_login(admin)
    verify_client(admin_client, admin)

    response = admin_client.post(
        reverse("admin:partnership_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [person.pk]},
        follow=True,
    )

    assert "Two-factor sign-in reset for 1 person" in response.content.decode()
    assert not Authenticator.objects.filter(user=person).exists()
    client = Client()
    landing = client.post(
        reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD}
    )
    assert landing.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).url.startswith(reverse("mfa_activate_totp"))
    assert "reset_two_factor" in UserAdmin.actions


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_django_otp_devices_and_recovery_codes_onto_allauth():
    before = [("partnership", "0005_drop_sign_in_rows_from_user_history")]
    after = [("partnership", "0007_drop_recovery_codes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        person = old.get_model("partnership", "User").objects.create(
            email="moved@example.org", full_name="Mo Ved", password="x"
        )
        old.get_model("partnership", "RecoveryCode").objects.create(
            user_id=person.pk, code_hash=legacy_recovery_hash("abcde-fghjk")
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE otp_totp_totpdevice (id serial PRIMARY KEY, user_id bigint, "
                "key varchar(80), confirmed boolean)"
            )
            cursor.execute(
                "INSERT INTO otp_totp_totpdevice (user_id, key, confirmed) VALUES (%s, %s, true)",
                [person.pk, "3132333435363738393031323334353637383930"],
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )

    totp = Authenticator.objects.get(user_id=person.pk, type="totp")
    assert totp.data == {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}
    assert current_code(totp, at=59) == "287082"  # RFC 6238's test vector
    codes = Authenticator.objects.get(user_id=person.pk, type="recovery_codes")
    assert codes.data["legacy_code_hashes"] == [legacy_recovery_hash("abcde-fghjk")]
    assert "otp_totp_totpdevice" not in connection.introspection.table_names()
    User.objects.filter(pk=person.pk).delete()
