"""The member survey: one answer per school and year from its contact, aggregates by network and
hub, and nothing shown for fewer than five responses.

Cast: the central team, hub A's manager and senior partner, school A's contact, school B's contact.
"""

from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubs.years import current_academic_year
from survey import figures
from survey import services as survey
from survey.models import SurveyResponse
from tests.factories.hubs import HubFactory, SchoolFactory

YEAR = 2025


def answer(school, recommend, **satisfaction):
    return survey.response_submit(
        school=school, academic_year=YEAR, recommend=recommend, satisfaction=satisfaction, by=None
    )


@pytest.fixture
def answers(hub_a, hub_b):
    """Six answers in hub A, two in hub B."""
    for recommend, qa in [(10, 5), (9, 4), (8, 4), (6, 2), (10, None), (3, 1)]:
        answer(SchoolFactory(hub=hub_a), recommend, qa_review=qa, hub=4)
    for recommend in (10, 0):
        answer(SchoolFactory(hub=hub_b), recommend, hub=5)


def test_network_and_hub_results(answers, hub_a, hub_b):
    network = figures.network_result(YEAR)
    assert network.responses == 8
    assert network.recommend_average == round(56 / 8, 1)
    assert (network.promoters_percent, network.detractors_percent) == (50.0, 37.5)
    assert network.net_recommend == 12.5
    assert network.satisfaction["qa_review"] == round(16 / 5, 1)
    assert network.satisfaction["hub"] == round((6 * 4 + 2 * 5) / 8, 1)
    assert network.satisfaction["events"] is None  # nobody rated it

    hub_a_result, hub_b_result = figures.hub_results(YEAR, [hub_a, hub_b])
    assert (hub_a_result.responses, hub_a_result.recommend_average) == (6, 7.7)
    assert hub_a_result.satisfaction["qa_review"] == 3.2
    # Two answers: the group is counted but nothing about their answers is shown.
    assert hub_b_result.responses == 2
    assert hub_b_result.recommend_average is None
    assert set(hub_b_result.satisfaction.values()) == {None}


def test_a_service_rated_by_fewer_than_five_shows_nothing(hub_a):
    for n in range(5):
        answer(SchoolFactory(hub=hub_a), 8, events=5 if n < 4 else None)
    result = figures.network_result(YEAR)
    assert result.recommend_average == 8.0
    assert result.satisfaction["events"] is None


def test_a_school_counts_in_the_hub_it_was_in_when_it_answered(hub_a, hub_b):
    school = SchoolFactory(hub=hub_a)
    answer(school, 9)
    school.hub = hub_b
    school.save()
    assert SurveyResponse.objects.get(school=school).hub == hub_a


def test_one_answer_per_school_and_year(school_a):
    answer(school_a, 7)
    with pytest.raises(ValidationError):
        answer(school_a, 8)
    with pytest.raises(ValidationError):
        survey.response_submit(
            school=school_a, academic_year=YEAR + 1, recommend=11, satisfaction={}, by=None
        )


def test_the_contact_answers_once_and_others_may_not(
    client_for, school_a, contact_a, contact_b, hub_manager_a, central_team
):
    url = reverse("survey:answer", args=[school_a.urn])
    form = {
        "submission_token": uuid4(),
        "recommend": "9",
        "satisfaction_qa_review": "4",
        "satisfaction_hub": "",
    }
    client = client_for(contact_a)
    assert client.get(reverse("survey:mine")).status_code == 200
    assert client.post(url, form).status_code == 302
    # Sent again: the school has answered, so nothing more is saved.
    assert "has answered" in client.post(url, form).content.decode()
    response = SurveyResponse.objects.get(school=school_a)
    assert (response.academic_year, response.recommend) == (current_academic_year(), 9)
    assert (response.satisfaction_qa_review, response.satisfaction_hub) == (4, None)
    assert SurveyResponse.objects.count() == 1
    assert client_for(contact_b).get(url).status_code == 404
    assert client_for(hub_manager_a).get(url).status_code == 403
    assert client_for(central_team).get(url).status_code == 403


def test_results_page_and_csv_show_aggregates_to_staff_only(
    answers, client_for, central_team, hub_manager_a, contact_a
):
    url = reverse("survey:results") + f"?year={YEAR}"
    client = client_for(central_team)
    with CaptureQueriesContext(connection) as small:
        page = client.get(url).content.decode()
    csv = b"".join(client_for(central_team).get(url + "&_export=csv").streaming_content).decode()
    lines = csv.splitlines()
    assert lines[1].startswith("Network,8,7.0,50.0,37.5,12.5,3.2")
    assert lines[3].startswith("Hub B,2,,,")
    for _ in range(3):
        answer(SchoolFactory(hub=HubFactory()), 5)
    with CaptureQueriesContext(connection) as larger:
        client.get(url)
    assert len(larger) == len(small)
    assert "Hub A" in page and "Hub B" in page
    manager_page = client_for(hub_manager_a).get(url).content.decode()
    assert "Hub A" in manager_page and "Hub B" not in manager_page
    assert client_for(contact_a).get(url).status_code == 404
