"""Sessions end after an idle time and an absolute time; passwords are long and not common."""

import datetime
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from partnership.middleware import RENEW_EVERY_SECONDS, SESSION_SEEN_KEY, SESSION_STARTED_KEY
from tests.factories.people import TEST_PASSWORD


def test_the_idle_limit_is_an_hour():
    assert settings.SESSION_COOKIE_AGE == 60 * 60


def _expire_in_five_minutes(client, *, seen_seconds_ago):
    session = client.session
    session[SESSION_SEEN_KEY] = int(time.time()) - seen_seconds_ago
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    return session.session_key


def test_a_request_a_minute_after_the_last_renewal_pushes_the_idle_limit_back(
    client_for, hub_manager_a
):
    client = client_for(hub_manager_a)
    key = _expire_in_five_minutes(client, seen_seconds_ago=RENEW_EVERY_SECONDS)

    assert client.get(reverse("dashboard")).status_code == 200

    left = Session.objects.get(pk=key).expire_date - timezone.now()
    assert left > datetime.timedelta(minutes=59)


def test_requests_within_a_minute_do_not_rewrite_the_session(client_for, hub_manager_a):
    client = client_for(hub_manager_a)
    key = _expire_in_five_minutes(client, seen_seconds_ago=5)

    assert client.get(reverse("dashboard")).status_code == 200

    left = Session.objects.get(pk=key).expire_date - timezone.now()
    assert left < datetime.timedelta(minutes=5)


def test_an_idle_session_is_signed_out(client_for, hub_manager_a):
    client = client_for(hub_manager_a)
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_busy_session_still_ends_after_the_absolute_limit(client_for, hub_manager_a):
    client = client_for(hub_manager_a)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={reverse('dashboard')}"
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_session_within_the_absolute_limit_carries_on(client_for, hub_manager_a):
    client = client_for(hub_manager_a)
    client.get(reverse("dashboard"))
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS + 60
    session.save()

    assert client.get(reverse("dashboard")).status_code == 200


def change_password(client, new):
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new},
    )


def test_a_short_password_is_refused(client_for, hub_manager_a):
    response = change_password(client_for(hub_manager_a), "Xq7#kd2!pz")

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    hub_manager_a.refresh_from_db()
    assert hub_manager_a.check_password(TEST_PASSWORD)


def test_a_common_password_is_refused(client_for, hub_manager_a):
    response = change_password(client_for(hub_manager_a), "password1234")

    assert response.status_code == 200
    assert "too common" in response.content.decode()
    hub_manager_a.refresh_from_db()
    assert hub_manager_a.check_password(TEST_PASSWORD)


def test_a_long_uncommon_password_is_accepted(client_for, hub_manager_a):
    response = change_password(client_for(hub_manager_a), "plum-orbit-lantern-42")

    assert response.status_code == 302
    hub_manager_a.refresh_from_db()
    assert hub_manager_a.check_password("plum-orbit-lantern-42")
