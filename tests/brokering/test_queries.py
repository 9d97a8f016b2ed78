"""Pages run a bounded number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from brokering.models import RequestEvent, Status
from partnership.lib.tables import ROWS_PER_PAGE
from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    EngagementFactory,
    RequestEventFactory,
    SupportRequestFactory,
)
from tests.factories.hubs import SchoolFactory
from tests.factories.people import CentralTeamFactory

pytestmark = pytest.mark.django_db


def _requests(count, hub, maths):
    broker = CentralTeamFactory()
    for _ in range(count):
        SupportRequestFactory(school=SchoolFactory(hub=hub), practice_areas=[maths], broker=broker)


@pytest.mark.parametrize("count", [5, 50])
def test_queue_queries_are_bounded(
    client_for, central_team, hub_b, maths, count, django_assert_max_num_queries
):
    _requests(count, hub_b, maths)
    client = client_for(central_team)

    # Session, user, two-factor device, filter choices (hubs, areas, brokers), the page of
    # rows with their areas' names (no COUNT) and the bulk form's brokers.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("brokering:queue"))
        page = response.content.decode()
    rows = min(count, ROWS_PER_PAGE)
    assert len(response.context["table"].paginated_rows) == rows
    # Once in each row, and once as a choice of the practice-area filter.
    assert page.count("Maths (test)") == rows + 1


@pytest.mark.parametrize("count", [5, 50])
def test_request_list_queries_are_bounded(
    client_for, contact_b, school_b, maths, count, django_assert_max_num_queries
):
    for _ in range(count):
        SupportRequestFactory(school=school_b, practice_areas=[maths])

    client = client_for(contact_b)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("brokering:request_list"))
    assert len(response.context["table"].paginated_rows) == min(count, ROWS_PER_PAGE)


@pytest.mark.parametrize("count", [2, 20])
def test_request_page_queries_are_bounded(
    client_for, central_team, school_b, maths, count, django_assert_max_num_queries
):
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)
    for _ in range(count):
        RequestEventFactory(request=request, kind=RequestEvent.Kind.STATUS)
        EngagementFactory(request=request, status="declined")
        AreaOfExcellenceFactory(practice_area=maths)

    client = client_for(central_team)

    # Session, user, two-factor device, the request, its areas, timeline and engagements, the
    # ranked providers (with what is shown of them), their engagements, and the brokers.
    with django_assert_max_num_queries(10):
        page = client.get(request.get_absolute_url()).content.decode()
    assert page.count("Propose ") == min(count, 10) - 0 or page.count("Already proposed") > 0


@pytest.mark.parametrize("count", [5, 50])
def test_directory_queries_are_bounded(
    client_for, contact_b, hub_a, maths, count, django_assert_max_num_queries
):
    for _ in range(count):
        AreaOfExcellenceFactory(school=SchoolFactory(hub=hub_a), practice_area=maths)

    client = client_for(contact_b)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("brokering:directory"))
        page = response.content.decode()
    assert page.count("Maths (test)") >= min(count, ROWS_PER_PAGE)
