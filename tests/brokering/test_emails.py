"""Messages when a request is brokered, declined or a provider proposed: each sent once."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from brokering.models import Status
from partnership.lib.jobs import run_queued_here
from tests.factories.brokering import EngagementFactory, SupportRequestFactory
from tests.factories.hubs import SchoolContactFactory

pytestmark = pytest.mark.django_db

SITE = "https://partnership.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def assert_links_to_the_request(email, request, reader) -> None:
    """The body has an absolute link to the request's page, which its reader can open."""
    links = re.findall(r"https?://\S+", email.body)
    assert links and all(link.startswith(f"{SITE}/") for link in links)
    page = urlsplit(links[0]).path
    assert page == request.get_absolute_url()
    assert resolve(page).kwargs == {"pk": request.pk}
    assert reader.get(page).status_code == 200


@pytest.fixture
def manager_b(hub_b):
    from tests.factories.people import UserFactory

    user = UserFactory(email="manager.b@example.org")
    hub_b.managers.add(user)
    return user


def test_declining_tells_the_school_and_its_hub_manager_once(
    client_for,
    central_team,
    contact_b,
    manager_b,
    request_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    url = reverse("brokering:request_transition", args=[request_b.pk])
    data = {"to": Status.DECLINED, "version": 1, "note": "Outside what the network offers."}
    client = client_for(central_team)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)  # the same form sent again

    run_queued_here()  # the worker's part: send the queued emails
    assert len(mailoutbox) == 1
    assert_links_to_the_request(mailoutbox[0], request_b, client_for(contact_b))
    assert f"{SITE}{reverse('brokering:request_create')}" in mailoutbox[0].body
    message = mailoutbox[0]
    assert sorted(message.to) == ["contact.b@example.org", "manager.b@example.org"]
    assert "declined" in message.subject
    assert "Outside what the network offers." in message.body


def test_acceptance_tells_the_school_and_hub_manager_it_is_brokered_once(
    client_for,
    provider_contact,
    provider,
    contact_b,
    manager_b,
    school_b,
    maths,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    engagement = EngagementFactory(
        request__school=school_b, request__practice_areas=[maths], provider=provider
    )
    url = reverse("brokering:engagement_respond", args=[engagement.pk])
    client = client_for(provider_contact)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"accept": "yes", "version": 1})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"accept": "yes", "version": 1}, follow=True)

    run_queued_here()  # the worker's part: send the queued emails
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["contact.b@example.org", "manager.b@example.org"]
    assert_links_to_the_request(mailoutbox[0], engagement.request, client_for(contact_b))
    assert "brokered" in mailoutbox[0].subject
    assert "Cedar Primary has agreed" in mailoutbox[0].body
    assert "Someone else changed this request" in " ".join(
        str(m) for m in response.context["messages"]
    )


def test_proposing_tells_the_providers_contacts_once(
    client_for,
    central_team,
    provider,
    provider_contact,
    school_b,
    maths,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    SchoolContactFactory(school=provider, user__email="deputy.cedar@example.org")
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)
    url = reverse("brokering:request_propose", args=[request.pk])
    client = client_for(central_team)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"provider": provider.pk, "version": 1})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"provider": provider.pk, "version": 1})

    run_queued_here()  # the worker's part: send the queued emails
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["deputy.cedar@example.org", "head.cedar@example.org"]
    assert "Birch Academy" in mailoutbox[0].subject
    assert_links_to_the_request(mailoutbox[0], request, client_for(provider_contact))
    assert request.needed in mailoutbox[0].body


def test_triage_sends_nothing(
    client_for, central_team, request_b, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(central_team).post(
            reverse("brokering:request_transition", args=[request_b.pk]),
            {"to": Status.TRIAGED, "version": 1},
        )

    run_queued_here()
    assert mailoutbox == []
