"""Brokering access beyond the status codes the URL access matrix checks: what each role's pages
show, and that a refused change leaves the request as it was."""

import pytest
from django.urls import reverse

from brokering.models import Status

pytestmark = pytest.mark.django_db


def test_central_team_opens_queue_and_export(client_for, central_team, request_b):
    client = client_for(central_team)

    assert client.get(reverse("brokering:queue")).status_code == 200
    export = client.get(reverse("brokering:queue_export"))
    assert export.status_code == 200
    assert request_b.reference in b"".join(export.streaming_content).decode()


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


def test_unknown_school_in_the_directory_is_not_found(client_for, contact_b):
    response = client_for(contact_b).get(reverse("brokering:directory_school", args=["999999"]))

    assert response.status_code == 404
