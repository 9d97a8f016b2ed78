"""Who may open and act on each brokering page: allowed, read-only (403), out of scope (404),
anonymous (to login)."""

import pytest
from django.urls import reverse

from brokering.models import Status
from tests.factories.brokering import EngagementFactory, EvenBetterIfFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    ["queue", "queue_export", "request_list", "request_create", "directory", "compare"],
)
def test_anonymous_is_sent_to_login_from_every_page(client, name):
    assert _login_redirect(client.get(reverse(f"brokering:{name}")))


@pytest.mark.parametrize(
    "name",
    [
        "request_detail",
        "request_edit",
        "request_transition",
        "request_assign",
        "request_propose",
        "feedback_give",
    ],
)
def test_anonymous_is_sent_to_login_from_request_pages(client, request_b, name):
    url = reverse(f"brokering:{name}", args=[request_b.pk])
    assert _login_redirect(client.get(url))
    assert _login_redirect(client.post(url))


def test_anonymous_is_sent_to_login_from_engagement_ebi_and_directory_school(client, school_b):
    engagement = EngagementFactory()
    ebi = EvenBetterIfFactory(review=ReviewFactory(school=school_b))
    for url in [
        reverse("brokering:engagement_respond", args=[engagement.pk]),
        reverse("brokering:engagement_update", args=[engagement.pk]),
        reverse("brokering:request_from_ebi", args=[ebi.pk]),
        reverse("brokering:queue_assign"),
    ]:
        assert _login_redirect(client.post(url))
    assert _login_redirect(client.get(reverse("brokering:directory_school", args=[school_b.urn])))


def test_central_team_opens_queue_and_export(client_for, central_team, request_b):
    client = client_for(central_team)

    assert client.get(reverse("brokering:queue")).status_code == 200
    export = client.get(reverse("brokering:queue_export"))
    assert export.status_code == 200
    assert request_b.reference in b"".join(export.streaming_content).decode()


@pytest.mark.parametrize("who", ["hub_manager_a", "senior_partner_a", "contact_b"])
def test_queue_and_its_export_and_bulk_assign_are_not_found_outside_central_team(
    request, client_for, who, request_b
):
    client = client_for(request.getfixturevalue(who))

    assert client.get(reverse("brokering:queue")).status_code == 404
    assert client.get(reverse("brokering:queue_export")).status_code == 404
    response = client.post(reverse("brokering:queue_assign"), {"selected": f"{request_b.pk}:1"})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["central_team", "contact_b"])
def test_people_in_scope_open_the_request_page(request, client_for, who, request_b):
    response = client_for(request.getfixturevalue(who)).get(request_b.get_absolute_url())

    assert response.status_code == 200
    assert request_b.reference in response.content.decode()


@pytest.mark.parametrize("who", ["hub_manager_a", "senior_partner_a"])
def test_another_hubs_staff_cannot_find_the_request(request, client_for, who, request_b):
    client = client_for(request.getfixturevalue(who))
    pk = request_b.pk

    assert client.get(request_b.get_absolute_url()).status_code == 404
    assert client.get(reverse("brokering:request_edit", args=[pk])).status_code == 404
    for name, data in [
        ("request_transition", {"to": Status.WITHDRAWN, "version": 1}),
        ("request_assign", {"version": 1}),
        ("request_propose", {"version": 1}),
        ("feedback_give", {"quality_rating": 5, "service_rating": 5}),
    ]:
        assert client.post(reverse(f"brokering:{name}", args=[pk]), data).status_code == 404
    request_b.refresh_from_db()
    assert request_b.status == Status.SUBMITTED
    assert request_b.version == 1


def test_another_hubs_manager_cannot_answer_or_record_an_engagement(
    client_for, hub_manager_a, request_b, provider
):
    engagement = EngagementFactory(request=request_b, provider=provider)
    client = client_for(hub_manager_a)

    respond = reverse("brokering:engagement_respond", args=[engagement.pk])
    assert client.post(respond, {"accept": "yes", "version": 1}).status_code == 404
    update = reverse("brokering:engagement_update", args=[engagement.pk])
    assert client.post(update, {"format": "visit"}).status_code == 404


def test_request_list_shows_only_the_users_own_requests(
    client_for, contact_b, hub_manager_a, request_b, school_a, maths
):
    from tests.factories.brokering import SupportRequestFactory

    request_a = SupportRequestFactory(school=school_a, practice_areas=[maths])

    page_b = client_for(contact_b).get(reverse("brokering:request_list")).content.decode()
    page_a = client_for(hub_manager_a).get(reverse("brokering:request_list")).content.decode()

    assert request_b.reference in page_b and request_a.reference not in page_b
    assert request_a.reference in page_a and request_b.reference not in page_a


def test_school_contact_may_see_but_not_broker_their_request(client_for, contact_b, request_b):
    client = client_for(contact_b)
    pk = request_b.pk

    triage = {"to": Status.TRIAGED, "version": 1}
    assert (
        client.post(reverse("brokering:request_transition", args=[pk]), triage).status_code == 403
    )
    assert (
        client.post(reverse("brokering:request_assign", args=[pk]), {"version": 1}).status_code
        == 403
    )
    assert (
        client.post(reverse("brokering:request_propose", args=[pk]), {"version": 1}).status_code
        == 403
    )
    request_b.refresh_from_db()
    assert request_b.status == Status.SUBMITTED


def test_senior_partner_reads_their_hubs_request_but_cannot_withdraw_it(
    client_for, senior_partner_a, school_a, maths
):
    from tests.factories.brokering import SupportRequestFactory

    request_a = SupportRequestFactory(school=school_a, practice_areas=[maths])
    client = client_for(senior_partner_a)

    assert client.get(request_a.get_absolute_url()).status_code == 200
    withdraw = {"to": Status.WITHDRAWN, "version": 1}
    url = reverse("brokering:request_transition", args=[request_a.pk])
    assert client.post(url, withdraw).status_code == 403
    assert client.get(reverse("brokering:request_edit", args=[request_a.pk])).status_code == 403


def test_actions_refuse_get(client_for, central_team, request_b):
    client = client_for(central_team)

    url = reverse("brokering:request_transition", args=[request_b.pk])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("who", ["central_team", "hub_manager_a", "senior_partner_a", "contact_b"])
def test_everyone_signed_in_opens_the_directory(request, client_for, who, school_b):
    client = client_for(request.getfixturevalue(who))

    assert client.get(reverse("brokering:directory")).status_code == 200
    assert client.get(reverse("brokering:directory_school", args=[school_b.urn])).status_code == 200
    assert client.get(reverse("brokering:compare"), {"urn": school_b.urn}).status_code == 200


def test_unknown_school_in_the_directory_is_not_found(client_for, contact_b):
    response = client_for(contact_b).get(reverse("brokering:directory_school", args=["999999"]))

    assert response.status_code == 404
