"""Review coverage: member schools with no review this year, or whose last report is old."""

import datetime

import pytest
from django.urls import reverse

from hubs.years import current_academic_year
from reviews.models import Review
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import ReviewFactory

URL = reverse("reviews:coverage")


def names(response) -> list[str]:
    return [row.record.name for row in response.context["table"].paginated_rows]


@pytest.fixture
def network(hub_a, hub_b):
    today = datetime.date.today()
    year = current_academic_year(today)
    covered = SchoolFactory(hub=hub_a, name="Covered")
    ReviewFactory(school=covered, academic_year=year)
    old_report = SchoolFactory(hub=hub_a, name="Old report")
    ReviewFactory(
        school=old_report,
        academic_year=year,
        status=Review.Status.PUBLISHED,
        published_on=today - datetime.timedelta(days=400),
    )
    cancelled = SchoolFactory(hub=hub_a, name="Cancelled only")
    ReviewFactory(school=cancelled, academic_year=year, status=Review.Status.CANCELLED)
    SchoolFactory(hub=hub_a, name="Never reviewed")
    SchoolFactory(hub=hub_b, name="Other hub")
    SchoolFactory(hub=None, name="Not a member")


def test_the_hub_manager_sees_their_hubs_schools_due_a_review(client_for, hub_manager_a, network):
    response = client_for(hub_manager_a).get(URL)

    assert names(response) == ["Cancelled only", "Never reviewed", "Old report"]
    assert b"Ask the central team" in response.content


def test_the_central_team_sees_every_hub_with_a_link_to_schedule(client_for, central_team, network):
    response = client_for(central_team).get(URL)

    assert names(response) == ["Cancelled only", "Never reviewed", "Old report", "Other hub"]
    urn = SchoolFactory._meta.model.objects.get(name="Never reviewed").urn
    assert f"{reverse('reviews:create')}?school={urn}".encode() in response.content


def test_the_csv_lists_every_school_due(client_for, central_team, network):
    response = client_for(central_team).get(URL + "?_export=csv")

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("School,URN,Hub,Last published review")
    assert len(lines) == 5


@pytest.mark.parametrize("size", [1, 30])
def test_the_page_runs_the_same_queries_whatever_the_schools(
    client_for, central_team, hub_a, size, django_assert_num_queries
):
    SchoolFactory.create_batch(size, hub=hub_a)
    client = client_for(central_team)
    client.get(URL)

    # the session and the user, then the COUNT and one page of the schools (each school's review
    # this year and last report are subqueries of that page's query)
    with django_assert_num_queries(4):
        response = client.get(URL)

    assert len(names(response)) == min(size, 25)
