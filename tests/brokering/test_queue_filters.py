"""The brokering queue's filters: hub by name, practice area and broker by choice."""

import pytest
from django.urls import reverse

from tests.factories.brokering import PracticeAreaFactory, SupportRequestFactory
from tests.factories.hubs import SchoolFactory
from tests.factories.people import CentralTeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_requests(hub_a, hub_b, maths):
    broker = CentralTeamFactory(full_name="Bea Broker")
    mine = SupportRequestFactory(
        school=SchoolFactory(name="Alder Primary", hub=hub_a), practice_areas=[maths], broker=broker
    )
    other = SupportRequestFactory(
        school=SchoolFactory(name="Birch Academy", hub=hub_b),
        practice_areas=[PracticeAreaFactory(slug="test-reading", name="Reading (test)")],
    )
    return mine, other, broker


def schools_listed(client, **params) -> list[str]:
    response = client.get(reverse("brokering:queue"), params)
    assert response.status_code == 200
    return sorted(row.record.school.name for row in response.context["table"].paginated_rows)


def test_the_queue_filters_by_hub_name_area_and_broker(
    client_for, central_team, two_requests, maths
):
    client = client_for(central_team)
    _, _, broker = two_requests

    assert schools_listed(client) == ["Alder Primary", "Birch Academy"]
    assert schools_listed(client, hub="HUB A") == ["Alder Primary"]
    assert schools_listed(client, hub="hub b") == ["Birch Academy"]
    assert schools_listed(client, area=maths.pk) == ["Alder Primary"]
    assert schools_listed(client, broker=broker.pk) == ["Alder Primary"]


def test_the_queue_offers_hub_names_areas_and_brokers(client_for, central_team, two_requests):
    page = client_for(central_team).get(reverse("brokering:queue")).content.decode()

    assert (
        '<datalist id="hub-names"><option value="Hub A"><option value="Hub B"></datalist>' in page
    )
    assert ">Reading (test)</option>" in page
    assert ">Bea Broker</option>" in page
