"""Two-factor sign-in on allauth: who must enrol, the code step, and turning it on and off."""

import re

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse

from partnership.lib.jobs import run_queued_here
from partnership.signin.second_factor import current_code
from tests.factories.people import TEST_PASSWORD, AdminFactory
from tests.security.totp import confirmed_device_for, totp_code_for

NAVIGATION = 'id="main-nav"'


def password_step(user, email=None) -> tuple[Client, str]:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": email or user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client, response.url


def signed_in(user) -> Client:
    """Signed in through the forms, with the code when the person has an app."""
    client, landing = password_step(user)
    if landing.startswith(reverse("mfa_authenticate")):
        code = totp_code_for(confirmed_device_for(user))
        assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    return client


def activate(client) -> Authenticator | None:
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    code = current_code(Authenticator(data={"secret": secret}))
    client.post(reverse("mfa_activate_totp"), {"code": code})
    return Authenticator.objects.filter(type="totp", data__secret=secret).first()


def test_central_team_without_an_app_is_sent_to_set_one_up(central_team):
    client, _ = password_step(central_team)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_the_set_up_page_shows_a_qr_code_image_and_the_key_and_no_menu(central_team):
    client, _ = password_step(central_team)

    html = client.get(reverse("mfa_activate_totp")).content.decode()

    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    assert re.search(r'id="totp-secret">[A-Z2-7]{32}<', html)
    assert NAVIGATION not in html


def test_a_correct_code_on_set_up_adds_the_app_shows_recovery_codes_and_opens_the_site(
    central_team,
):
    client, _ = password_step(central_team)

    authenticator = activate(client)

    assert authenticator is not None and authenticator.user == central_team
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert len(re.findall(r"<li>\d{8}</li>", codes.content.decode())) == 10
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert NAVIGATION in dashboard.content.decode()


def test_a_wrong_code_on_set_up_adds_nothing(central_team):
    client, _ = password_step(central_team)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=central_team).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_with_an_app_the_password_alone_signs_nobody_in(central_team):
    device = confirmed_device_for(central_team)
    client, landing = password_step(central_team)

    assert landing.startswith(reverse("mfa_authenticate"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).url.startswith(reverse("account_login"))

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(device)})

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_code_page_shows_no_menu(central_team):
    confirmed_device_for(central_team)
    client, landing = password_step(central_team)

    html = client.get(landing).content.decode()

    assert "Enter your code" in html
    assert NAVIGATION not in html
    assert "Sign out" not in html.split("<main", 1)[0]


def test_a_case_variant_of_the_email_reaches_the_same_code_step(central_team):
    device = confirmed_device_for(central_team)
    client, landing = password_step(central_team, email=f" {central_team.email.upper()} ")

    assert landing.startswith(reverse("mfa_authenticate"))
    client.post(reverse("mfa_authenticate"), {"code": totp_code_for(device)})
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_superuser_also_needs_two_factor(db):
    admin = AdminFactory()
    client, _ = password_step(admin)

    assert client.get(reverse("dashboard")).url.startswith(reverse("mfa_activate_totp"))


def test_the_admin_sign_in_page_sends_people_to_the_site_sign_in(db):
    response = Client().get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/admin/"


def test_sign_out_and_static_files_stay_open_before_the_app_is_set_up(central_team):
    client, _ = password_step(central_team)

    assert client.get("/static/css/app.css").status_code != 302
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_a_hub_manager_needs_no_second_step(hub_manager_a):
    client, landing = password_step(hub_manager_a)

    assert landing == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_hub_manager_may_set_up_an_app_and_must_then_use_it(hub_manager_a):
    client, _ = password_step(hub_manager_a)
    assert activate(client) is not None

    _, landing = password_step(hub_manager_a)

    assert landing.startswith(reverse("mfa_authenticate"))


def test_a_hub_manager_may_turn_it_off(hub_manager_a):
    confirmed_device_for(hub_manager_a)
    client = signed_in(hub_manager_a)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=hub_manager_a).exists()
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_central_team_turning_it_off_must_set_up_a_new_one_at_once(central_team):
    confirmed_device_for(central_team)
    client = signed_in(central_team)

    client.post(reverse("mfa_deactivate_totp"))

    assert client.get(reverse("dashboard")).url.startswith(reverse("mfa_activate_totp"))


def test_client_for_gives_the_central_team_a_session_past_the_second_factor(
    central_team, client_for
):
    assert client_for(central_team).get(reverse("dashboard")).status_code == 200


def test_nobody_can_sign_themselves_up(db):
    try:
        reverse("account_signup")
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("a sign-up page is published")
    assert Client().get("/accounts/signup/").status_code == 404


def test_password_reset_does_not_say_whether_an_email_has_an_account(hub_manager_a, settings):
    settings.SITE_URL = "https://partnership.example.org"
    client = Client()

    known = client.post(reverse("account_reset_password"), {"email": hub_manager_a.email.upper()})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")
    # Queued as a job, like every email, and sent by the worker.
    assert mail.outbox == []
    assert run_queued_here("email") == 1
    assert [message.to for message in mail.outbox] == [[hub_manager_a.email]]
    assert "https://partnership.example.org/accounts/password/reset/key/" in mail.outbox[0].body
    assert mail.outbox[0].alternatives  # an HTML part beside the text


def test_a_reset_link_sets_a_new_password(hub_manager_a):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": hub_manager_a.email})
    run_queued_here("email")
    link = re.search(r"http\S+/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    form = client.get(f"/{path}", follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else f"/{path}",
        {"password1": "plum-orbit-lantern-42", "password2": "plum-orbit-lantern-42"},
    )

    assert response.status_code == 302
    hub_manager_a.refresh_from_db()
    assert hub_manager_a.check_password("plum-orbit-lantern-42")
