"""The queue and the requests list: ended requests left out unless asked, a count, and the
filters each role is offered."""

import datetime

import pytest
from django.urls import reverse

from brokering.models import Status
from tests.factories.brokering import SupportRequestFactory
from tests.factories.hubs import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_and_ended(hub_a, maths):
    made = {}
    for status in [Status.SUBMITTED, Status.MATCHING, Status.CLOSED, Status.DECLINED]:
        school = SchoolFactory(name=f"{status.label} School", hub=hub_a)
        made[status] = SupportRequestFactory(school=school, practice_areas=[maths], status=status)
    return made


def listed(client, url_name="brokering:queue", **params) -> list[str]:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return sorted(row.record.status for row in response.context["table"].paginated_rows)


def test_the_queue_leaves_ended_requests_out_unless_asked(client_for, central_team, open_and_ended):
    client = client_for(central_team)

    assert listed(client) == ["matching", "submitted"]
    assert listed(client, closed="on") == ["closed", "declined", "matching", "submitted"]
    assert listed(client, status="closed") == ["closed"]


def test_the_queue_says_how_many_requests_it_found(client_for, central_team, open_and_ended):
    client = client_for(central_team)

    page = client.get(reverse("brokering:queue")).content.decode()
    assert "<strong>2</strong> requests found; closed, declined and withdrawn" in page
    page = client.get(reverse("brokering:queue"), {"closed": "on"}).content.decode()
    assert "<strong>4</strong> requests found." in page
    page = client.get(reverse("brokering:queue"), {"status": "declined"}).content.decode()
    assert "<strong>1</strong> request found." in page


def test_the_list_of_a_hub_leaves_ended_requests_out_too(client_for, hub_manager_a, open_and_ended):
    client = client_for(hub_manager_a)

    assert listed(client, "brokering:request_list") == ["matching", "submitted"]
    assert len(listed(client, "brokering:request_list", closed="on")) == 4


def test_hub_managers_are_not_offered_the_brokers_filters(
    client_for, hub_manager_a, central_team, open_and_ended
):
    response = client_for(hub_manager_a).get(reverse("brokering:request_list"))
    fields = set(response.context["filter"].form.fields)
    assert {"broker", "mine"}.isdisjoint(fields)
    assert {"school", "status", "area", "closed"} <= fields
    page = response.content.decode()
    assert "Assigned broker" not in page and "Assigned to me" not in page

    central = client_for(central_team).get(reverse("brokering:queue"))
    assert {"broker", "mine"} <= set(central.context["filter"].form.fields)


def test_a_broker_filter_in_the_address_does_nothing_for_a_hub_manager(
    client_for, hub_manager_a, central_team, open_and_ended
):
    client = client_for(hub_manager_a)

    assert listed(client, "brokering:request_list", broker=central_team.pk) == [
        "matching",
        "submitted",
    ]


def test_the_queue_writes_its_first_response_dates_as_every_page_does(
    client_for, central_team, hub_a, maths
):
    responded = SupportRequestFactory(
        school=SchoolFactory(hub=hub_a), practice_areas=[maths], status=Status.TRIAGED
    )
    responded.__class__.objects.filter(pk=responded.pk).update(
        first_responded_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)
    )

    page = client_for(central_team).get(reverse("brokering:queue")).content.decode()

    assert "Responded 3 Dec 2026" in page
    assert "2026-12-03" not in page
