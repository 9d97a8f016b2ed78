"""The brokering pages run the same queries whatever the number of rows: counted exactly, at a
few rows and at more than a page of them, with everything each page shows touched inside the
count so that no lazy load escapes it."""

import pytest
from django.urls import reverse

from brokering.models import Engagement, RequestEvent, Status
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

SIZES = [3, 30]


def _touch_request_rows(table) -> list[tuple]:
    """What a request table shows of each row on the page, read from the rows themselves."""
    return [
        (
            row.record.reference,
            row.record.school.name,
            row.record.hub.name if row.record.hub else "",
            row.record.broker.full_name if row.record.broker else "",
            list(row.record.area_names),
        )
        for row in table.paginated_rows
    ]


@pytest.mark.parametrize("count", SIZES)
def test_the_queue_runs_the_same_queries_for_any_number_of_requests(
    client_for, central_team, hub_b, maths, count, django_assert_num_queries
):
    broker = CentralTeamFactory()
    for _ in range(count):
        SupportRequestFactory(
            school=SchoolFactory(hub=hub_b), practice_areas=[maths], broker=broker
        )
    client = client_for(central_team)

    # 1. the session, 2. its user; the filter's choices: 3. the hubs, 4. the practice areas and
    # 5. the central team; 6. how many requests the filters found (the page says so); 7. a page
    # of requests with their school, hub, broker and areas' names; 8. the central team again,
    # as the bulk form's brokers.
    with django_assert_num_queries(8):
        response = client.get(reverse("brokering:queue"))
        page = response.content.decode()
        shown = _touch_request_rows(response.context["table"])

    rows = min(count, ROWS_PER_PAGE)
    assert len(shown) == rows
    assert all(
        school and hub == "Hub B" and areas == [maths.name] for _, school, hub, _, areas in shown
    )
    # Once in each row, and once as a choice of the practice-area filter.
    assert page.count(maths.name) == rows + 1


@pytest.mark.parametrize("count", SIZES)
def test_the_request_list_runs_the_same_queries_for_any_number_of_requests(
    client_for, contact_b, school_b, maths, count, django_assert_num_queries
):
    for _ in range(count):
        SupportRequestFactory(school=school_b, practice_areas=[maths])
    client = client_for(contact_b)

    # 1. the session, 2. its user; the user's scope: 3. the hubs they manage, 4. the hubs they
    # are senior partner of and 5. the schools they are a contact of; the filter's choices:
    # 6. the practice areas (a contact's scope holds no hubs to choose from, and the broker
    # filter is the central team's); 7. how many requests the filters let through, 8. whether
    # the user may raise a request for any school, 9. a page of requests with their school,
    # hub, broker and areas' names; 10. whether the user is a reviewer (the navigation's "My
    # reviews").
    with django_assert_num_queries(10):
        response = client.get(reverse("brokering:request_list"))
        page = response.content.decode()
        shown = _touch_request_rows(response.context["table"])

    assert len(shown) == min(count, ROWS_PER_PAGE)
    assert {school for _, school, *_ in shown} == {school_b.name}
    assert page.count(maths.name) == min(count, ROWS_PER_PAGE) + 1


@pytest.mark.parametrize("count", SIZES)
def test_the_request_page_runs_the_same_queries_for_any_number_of_providers(
    client_for, central_team, school_a, school_b, maths, count, django_assert_num_queries
):
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)
    for n in range(count):
        RequestEventFactory(request=request, kind=RequestEvent.Kind.STATUS)
        provider = SchoolFactory(name=f"Provider {n:02d}", hub=school_a.hub)
        AreaOfExcellenceFactory(school=provider, practice_area=maths)
        # Every provider has support under way elsewhere; every third was already proposed here
        # and declined.
        EngagementFactory(
            provider=provider,
            status=Engagement.Status.ACCEPTED,
            request__status=Status.IN_PROGRESS,
            request__school=school_a,
        )
        if n % 3 == 0:
            EngagementFactory(request=request, provider=provider, status="declined")
    client = client_for(central_team)

    # 1. the session, 2. its user, 3. the request with its school, hub, broker, raiser,
    # feedback and even-better-if, then its 4. practice areas, 5. timeline with who acted and
    # 6. engagements with their providers; for the suggestions 7. the best providers by context,
    # with their hub and the requested areas they offer, and 8. those providers' engagements;
    # 9. the central team (the assign form's brokers).
    with django_assert_num_queries(9):
        response = client.get(request.get_absolute_url())
        page = response.content.decode()
        suggestions = response.context["suggestions"]
        shown = [
            (s.name, s.urn, s.get_phase_display(), s.get_region_display(), s.hub.name)
            for s in suggestions
        ]
        areas = [area.name for s in suggestions for area in s.matching_areas]
        timeline = [
            (e.get_kind_display(), e.by) for e in response.context["support_request"].events.all()
        ]
        providers = [e.provider.name for e in response.context["engagements"]]

    shown_count = min(count, 10)
    assert len(shown) == shown_count and all(all(fields) for fields in shown)
    assert areas == [maths.name] * shown_count
    assert len(timeline) == count
    assert len(providers) == len(range(0, count, 3))
    proposed = sum(s.already_proposed for s in suggestions)
    assert proposed > 0
    assert page.count("Already proposed") == proposed
    assert page.count('<button type="submit" class="btn btn-sm btn-primary">Propose ') == (
        shown_count - proposed
    )
    assert all(s.active_engagements == 1 for s in suggestions)


@pytest.mark.parametrize("count", SIZES)
def test_the_directory_search_runs_the_same_queries_for_any_number_of_schools(
    client_for, contact_b, hub_a, maths, count, django_assert_num_queries
):
    for n in range(count):
        school = SchoolFactory(name=f"Larch School {n:02d}", hub=hub_a)
        AreaOfExcellenceFactory(school=school, practice_area=maths)
    SchoolFactory(name="Unrelated Academy")
    client = client_for(contact_b)

    # 1. the session, 2. its user; the filter's choices: 3. the hubs and 4. the practice areas
    # in use; 5. how many schools the search finds; the user's scope, for the navigation:
    # 6. the hubs they manage, 7. the hubs they are senior partner of and 8. the schools they
    # are a contact of; 9. a page of schools with their hub, 10. the offered areas of
    # excellence of that page's schools, with their practice area; 11. whether the user is a
    # reviewer (the navigation's "My reviews").
    with django_assert_num_queries(11):
        response = client.get(reverse("brokering:directory"), {"q": "larch"})
        page = response.content.decode()
        shown = [
            (
                row.record.name,
                row.record.hub.name,
                [a.practice_area.name for a in row.record.offered_areas],
            )
            for row in response.context["table"].paginated_rows
        ]

    rows = min(count, ROWS_PER_PAGE)
    assert len(shown) == rows
    assert all(name.startswith("Larch School") and hub == hub_a.name for name, hub, _ in shown)
    assert all(areas == [maths.name] for *_, areas in shown)
    assert "Unrelated Academy" not in page
    assert page.count(maths.name) == rows + 1
