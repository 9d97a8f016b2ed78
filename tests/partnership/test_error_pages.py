"""The 403, 404 and 500 pages, as people see them in production (DEBUG off)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied, server_error


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


def test_a_read_only_user_sees_the_reason_for_a_403_in_the_sites_layout(
    client_for, senior_partner_a, hub_a
):
    # The senior partner reads hub A's spend but may not record any.
    response = client_for(senior_partner_a).get(reverse("hubs:spend_create", args=[hub_a.slug]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You can read this but not change it." in html
    assert 'aria-label="Main"' in html  # the site's navigation
    assert "<h1" in html


def test_a_403_without_a_message_still_says_what_happened(contact_a, rf):
    request = rf.get("/somewhere/")
    request.user = contact_a
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Your role does not allow this page or this change." in response.content.decode()


def test_a_missing_page_answers_404_in_the_sites_layout_with_navigation(client_for, hub_manager_a):
    response = client_for(hub_manager_a).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "There is no page at this address" in html
    assert reverse("hubs:list") in html  # the hub manager's own navigation
    assert 'aria-current="page"' not in html


def test_an_out_of_scope_record_answers_the_same_404(client_for, hub_manager_a, hub_b):
    response = client_for(hub_manager_a).get(reverse("hubs:detail", args=[hub_b.slug]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    # The page does not repeat Django's message, which names the kind of record looked for.
    assert "No Hub matches" not in html


def test_a_fault_answers_500_in_the_sites_layout(client_for, central_team, settings):
    settings.ROOT_URLCONF = "tests.partnership.error_urls"
    client = client_for(central_team)
    client.raise_request_exception = False
    response = client.get("/test-failure/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'aria-label="Main"' in html
    assert 'href="/"' in html  # the way home


def test_the_500_page_renders_without_the_database():
    # No db fixture: any query here fails the test, as it would with the database down.
    request = RequestFactory().get("/anywhere/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_favicon_ico_redirects_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/static/favicon.svg")
