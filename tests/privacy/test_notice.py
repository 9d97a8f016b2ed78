"""The privacy page is open to everyone, linked from the sign-in page and every page's footer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anyone_reads_what_is_held_why_and_for_how_long(client, settings):
    settings.RETENTION_DAYS = 45
    settings.PRIVACY_CONTACT_EMAIL = "dpo@example.org"

    response = client.get(reverse("privacy:notice"))

    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("What is kept", "Why", "How long", "Your rights and whom to ask"):
        assert heading in page
    assert "deleted after 45 days" in page
    assert 'href="mailto:dpo@example.org"' in page


def test_the_sign_in_page_links_to_it(client):
    page = client.get(reverse("account_login")).content.decode()

    assert page.count(f'href="{reverse("privacy:notice")}"') == 2  # the form and the footer


def test_the_central_team_reaches_personal_data_from_the_history(client_for, central_team):
    page = client_for(central_team).get(reverse("history:list")).content.decode()

    assert f'href="{reverse("privacy:people")}"' in page
