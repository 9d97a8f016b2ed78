"""The brokering pages' template helpers and includes: the directory link, and the request page's
provider suggestions."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from brokering.models import Engagement, Status
from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    EngagementFactory,
    SupportRequestFactory,
)
from tests.factories.hubs import SchoolFactory

HOSTILE = "St Mary & St John's <script>alert('x')</script>"


@pytest.fixture
def request_a(school_a, maths):
    # From hub A, so its hub manager and senior partner may see the request page too.
    return SupportRequestFactory(school=school_a, practice_areas=[maths], status=Status.TRIAGED)


@pytest.fixture
def hostile(hub_b, maths, school_a):
    # Alike to the requester but for its hub: phase, region, size, % FSM and % SEN (25 + 15 +
    # 15 + 10 + 10), free (15), and no feedback yet (5): 95.
    school = SchoolFactory(
        name=HOSTILE,
        hub=hub_b,
        phase=school_a.phase,
        region=school_a.region,
        pupils_on_roll=school_a.pupils_on_roll,
        percent_fsm=school_a.percent_fsm,
        percent_sen=school_a.percent_sen,
    )
    AreaOfExcellenceFactory(school=school, practice_area=maths)
    return school


def test_a_hostile_school_name_is_escaped_wherever_it_is_shown(
    client_for, central_team, request_a, hostile
):
    page = client_for(central_team).get(request_a.get_absolute_url()).content.decode()

    assert "<script>" not in page
    escaped = html.escape(HOSTILE)
    link = reverse("brokering:directory_school", args=[hostile.urn])
    assert f'<a href="{link}">{escaped}</a>' in page
    assert f"Propose {escaped}</button>" in page
    assert f"Why {escaped} ranks here</caption>" in page


def test_each_suggestion_shows_its_reasons(client_for, central_team, request_a, hostile, maths):
    page = client_for(central_team).get(request_a.get_absolute_url()).content.decode()

    assert "Score <strong>95.0 of 100</strong>; 0 active engagements." in page
    assert f"Excellence: {maths.name}</div>" in page
    where = f"{hostile.get_phase_display()}, {hostile.get_region_display()}, Hub B"
    assert f"({where})" in page
    labels = ["Same phase", "Pupils on roll", "% FSM", "% SEN", "Same region"]
    labels += ["Current load", "Past feedback"]
    heads = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in labels)
    values = [25.0, 15.0, 15.0, 10.0, 10.0, 15.0, 5.0]
    most = [25, 15, 15, 10, 10, 15, 10]
    cells = "".join(f"<td>{value} of {m}</td>" for value, m in zip(values, most, strict=True))
    assert f"<thead><tr>{heads}</tr></thead>" in page
    assert f"<tbody><tr>{cells}</tr></tbody>" in page


def test_a_provider_already_proposed_has_no_button(
    client_for, central_team, request_a, hostile, maths
):
    other = SchoolFactory(name="Rowan Primary", percent_fsm=Decimal("60"))
    AreaOfExcellenceFactory(school=other, practice_area=maths)
    EngagementFactory(request=request_a, provider=hostile, status=Engagement.Status.DECLINED)

    page = client_for(central_team).get(request_a.get_absolute_url()).content.decode()

    assert page.count("Already proposed") == 1
    assert "Propose Rowan Primary" in page
    assert f"Propose {html.escape(HOSTILE)}" not in page
    propose = reverse("brokering:request_propose", args=[request_a.pk])
    assert page.count(f'action="{propose}"') == 1
    assert f'name="provider" value="{other.pk}"' in page


@pytest.mark.parametrize("role", ["hub_manager_a", "senior_partner_a"])
def test_only_the_central_team_is_offered_providers_to_propose(
    client_for, request, request_a, hostile, role
):
    user = request.getfixturevalue(role)

    response = client_for(user).get(request_a.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Suggested providers" not in page
    assert "Propose " not in page
    assert html.escape(HOSTILE) not in page


def test_suggestions_stay_while_a_provider_is_asked_with_that_one_marked(
    client_for, central_team, request_a, hostile, maths
):
    other = SchoolFactory(name="Rowan Primary", percent_fsm=Decimal("60"))
    AreaOfExcellenceFactory(school=other, practice_area=maths)
    EngagementFactory(request=request_a, provider=hostile, status=Engagement.Status.PROPOSED)

    page = client_for(central_team).get(request_a.get_absolute_url()).content.decode()

    assert "Suggested providers" in page
    assert "Rowan Primary" in page
    assert page.count("Proposed: awaiting an answer") == 1
    assert "has been asked and has not answered yet" in page
    # One provider is asked at a time: no other can be proposed until it answers.
    assert "Propose Rowan Primary" not in page
