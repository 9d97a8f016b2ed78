"""Ranking providers for a request, in the database, with reasons."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from brokering.matching import ranked_providers
from brokering.models import Engagement, Status
from reviews.models import AreaOfExcellence
from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    EngagementFactory,
    FeedbackFactory,
    PracticeAreaFactory,
    SupportRequestFactory,
)
from tests.factories.hubs import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db


def _provider(maths, **school):
    provider = SchoolFactory(**school)
    AreaOfExcellenceFactory(school=provider, practice_area=maths)
    return provider


@pytest.fixture
def request_m(school_b, maths):
    return SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.TRIAGED)


def test_only_schools_offering_a_requested_area_are_suggested(request_m, maths, school_b):
    offers = _provider(maths, name="Offers maths")
    AreaOfExcellenceFactory(school=school_b, practice_area=maths)  # the requesting school
    other_area = SchoolFactory(name="Offers science")
    AreaOfExcellenceFactory(school=other_area, practice_area=PracticeAreaFactory(name="Science"))
    expired = SchoolFactory(name="Expired")
    AreaOfExcellenceFactory(
        school=expired, practice_area=maths, expires_on=datetime.date(2024, 8, 31)
    )
    unverified = SchoolFactory(name="Nominated only")
    AreaOfExcellenceFactory(
        school=unverified, practice_area=maths, status=AreaOfExcellence.Status.NOMINATED
    )

    names = [s.name for s in ranked_providers(request_m)]

    assert names == [offers.name]


def test_same_trust_schools_only_when_asked(request_m, maths, school_b):
    trust = TrustFactory()
    school_b.trust = trust
    school_b.save()
    sibling = _provider(maths, name="Sibling", trust=trust)

    assert sibling not in ranked_providers(request_m)
    assert sibling in ranked_providers(request_m, include_same_trust=True)


def test_a_school_like_the_requester_ranks_first(request_m, maths, school_b):
    # school_b: primary, north west, 300 pupils, 20% FSM, 12% SEN.
    unlike = _provider(
        maths,
        name="Unlike",
        phase="secondary",
        region="london",
        pupils_on_roll=1500,
        percent_fsm=Decimal("55"),
        percent_sen=Decimal("30"),
    )
    alike = _provider(maths, name="Alike", pupils_on_roll=320, percent_fsm=Decimal("22"))

    ranked = ranked_providers(request_m)

    assert ranked == [alike, unlike]
    best = ranked[0]
    assert dict(best.score_parts)["Same phase"] == 25
    assert dict(best.score_parts)["Same region"] == 10
    assert dict(ranked[1].score_parts)["Same phase"] == 0
    assert best.score_total == pytest.approx(sum(value for _, value in best.score_parts), abs=0.5)


def test_a_loaded_provider_ranks_below_an_equal_free_one(request_m, maths, school_a):
    busy = _provider(maths, name="Busy")
    free = _provider(maths, name="Free")
    for _ in range(2):
        EngagementFactory(
            provider=busy,
            status=Engagement.Status.ACCEPTED,
            request__status=Status.IN_PROGRESS,
            request__school=school_a,
        )

    ranked = ranked_providers(request_m)

    assert ranked == [free, busy]
    assert ranked[1].active_engagements == 2
    assert dict(ranked[1].score_parts)["Current load"] == 5


def test_good_past_feedback_lifts_a_provider(request_m, maths, school_a):
    praised = _provider(maths, name="Zed praised")  # alphabetically last: feedback must lift it
    _provider(maths, name="Ann unknown")
    done = EngagementFactory(
        provider=praised,
        status=Engagement.Status.ACCEPTED,
        request__status=Status.COMPLETED,
        request__school=school_a,
    )
    FeedbackFactory(request=done.request, quality_rating=10)

    ranked = ranked_providers(request_m)

    assert ranked[0] == praised
    assert dict(ranked[0].score_parts)["Past feedback"] == 10


def test_ranking_is_one_bounded_set_of_queries(request_m, maths, django_assert_max_num_queries):
    for n in range(30):
        _provider(maths, name=f"Provider {n}", pupils_on_roll=100 + n * 10)

    # Request areas, the ranking itself, the matching areas prefetch.
    with django_assert_max_num_queries(3):
        ranked = ranked_providers(request_m, limit=10)
        assert len([area for s in ranked for area in s.matching_areas]) == 10


def test_central_team_sees_suggestions_with_reasons_and_proposes(
    client_for, central_team, request_m, maths
):
    provider = _provider(maths, name="Rowan Primary")
    client = client_for(central_team)

    page = client.get(request_m.get_absolute_url()).content.decode()
    assert "Propose Rowan Primary" in page
    assert "Why Rowan Primary ranks here" in page
    assert "Current load" in page

    client.post(
        reverse("brokering:request_propose", args=[request_m.pk]),
        {"provider": provider.pk, "version": request_m.version},
    )
    assert request_m.engagements.get().provider == provider


def test_school_contact_does_not_see_suggestions(client_for, contact_b, request_m, maths):
    _provider(maths, name="Rowan Primary")

    page = client_for(contact_b).get(request_m.get_absolute_url()).content.decode()

    assert "Rowan Primary" not in page
