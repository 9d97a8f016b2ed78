"""Two-factor sign-in: required for the central team and admins, optional for everyone else."""

import re

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.two_factor.devices import current_code
from tests.factories.people import TEST_PASSWORD, UserFactory
from tests.security.totp import confirmed_device_for, totp_code_for


def signed_in_with_password(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_central_team_without_a_device_is_sent_to_set_one_up(central_team):
    client = signed_in_with_password(central_team)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor:setup"))


def test_setup_page_shows_a_qr_code_as_an_image_and_the_key_as_text(central_team):
    client = signed_in_with_password(central_team)

    response = client.get(reverse("two_factor:setup"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in html
    assert re.search(r'id="totp-secret">[A-Z2-7 ]{32,}<', html)
    # The CSP forbids inline scripts: the page must not need any.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not TOTPDevice.objects.filter(user=central_team).exists()


def test_a_correct_code_on_setup_confirms_the_device_and_opens_the_site(central_team):
    client = signed_in_with_password(central_team)
    client.get(reverse("two_factor:setup"))
    key = client.session["partnership_two_factor_pending_key"]
    code = current_code(TOTPDevice(key=key))

    response = client.post(
        reverse("two_factor:setup"), {"code": code, "next": reverse("dashboard")}
    )

    # The new recovery codes come first, shown once, with the way on to where the person was going.
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor:codes"))
    codes_page = client.get(response.url).content.decode()
    assert len(re.findall(r"<code class=\"fs-5\">[a-z2-9]{5}-[a-z2-9]{5}</code>", codes_page)) == 10
    assert f'href="{reverse("dashboard")}"' in codes_page
    device = TOTPDevice.objects.get(user=central_team)
    assert device.confirmed and device.key == key
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_code_on_setup_creates_no_device(central_team):
    client = signed_in_with_password(central_team)
    client.get(reverse("two_factor:setup"))

    response = client.post(reverse("two_factor:setup"), {"code": "000000"})

    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=central_team).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_central_team_with_a_device_must_enter_a_code(central_team):
    device = confirmed_device_for(central_team)
    client = signed_in_with_password(central_team)

    response = client.get(reverse("dashboard"))
    assert response.url.startswith(reverse("two_factor:verify"))

    wrong = client.post(reverse("two_factor:verify"), {"code": "12345x"})
    assert wrong.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302

    right = client.post(reverse("two_factor:verify"), {"code": totp_code_for(device), "next": "/"})
    assert right.url == "/"
    assert client.get(reverse("dashboard")).status_code == 200


def test_verify_never_redirects_to_another_site(central_team):
    device = confirmed_device_for(central_team)
    client = signed_in_with_password(central_team)

    response = client.post(
        reverse("two_factor:verify"),
        {"code": totp_code_for(device), "next": "https://evil.example/"},
    )

    assert response.url == "/"


def test_a_superuser_also_needs_two_factor(db):
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client = signed_in_with_password(admin)

    assert client.get(reverse("admin:index")).status_code == 302


def test_sign_out_and_static_files_stay_open_before_the_second_step(central_team):
    client = signed_in_with_password(central_team)

    assert client.get("/static/css/partnership.css").status_code in (200, 404)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("dashboard")).url.startswith(reverse("login"))


def test_a_hub_manager_needs_no_second_step(hub_manager_a):
    client = signed_in_with_password(hub_manager_a)

    assert client.get(reverse("dashboard")).status_code == 200


def test_a_hub_manager_may_enrol_and_must_then_use_it(hub_manager_a):
    client = signed_in_with_password(hub_manager_a)
    client.get(reverse("two_factor:setup"))
    key = client.session["partnership_two_factor_pending_key"]
    client.post(reverse("two_factor:setup"), {"code": current_code(TOTPDevice(key=key))})
    assert TOTPDevice.objects.filter(user=hub_manager_a, confirmed=True).exists()

    later = signed_in_with_password(hub_manager_a)

    assert later.get(reverse("dashboard")).url.startswith(reverse("two_factor:verify"))


def test_a_hub_manager_may_turn_it_off(hub_manager_a, client_for):
    confirmed_device_for(hub_manager_a)
    client = client_for(hub_manager_a)

    assert client.get(reverse("two_factor:disable")).status_code == 405
    response = client.post(reverse("two_factor:disable"))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=hub_manager_a).exists()


def test_central_team_cannot_turn_it_off(central_team, client_for):
    client = client_for(central_team)

    client.post(reverse("two_factor:disable"))

    assert TOTPDevice.objects.filter(user=central_team).exists()


def test_client_for_gives_the_central_team_a_verified_session(central_team, client_for):
    assert client_for(central_team).get(reverse("dashboard")).status_code == 200
