"""Ranking providers for a request, in the database, with reasons."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Avg
from django.urls import reverse

from brokering.matching import WEIGHTS, _engagement_figures, ranked_providers
from brokering.models import Engagement, Status
from hubs.models import School
from reviews.models import AreaOfExcellence
from tests.factories.brokering import (
    EXPIRES_ON,
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


@pytest.mark.parametrize("count", [5, 40])
def test_ranking_is_one_bounded_set_of_queries(
    request_m, maths, school_a, count, django_assert_max_num_queries
):
    for n in range(count):
        provider = _provider(maths, name=f"Provider {n}", pupils_on_roll=100 + n * 10)
        if n % 3 == 0:
            EngagementFactory(
                provider=provider,
                status=Engagement.Status.ACCEPTED,
                request__status=Status.IN_PROGRESS,
                request__school=school_a,
            )

    # Request areas, the best candidates by context (with what the suggestions show of them),
    # and their engagements. Fewer candidates than the window of 5 * limit need no second round
    # (which adds two queries; see the tests below). Everything the suggestions show is read
    # by then.
    with django_assert_max_num_queries(3):
        ranked = ranked_providers(request_m, limit=10)
        assert len([area for s in ranked for area in s.matching_areas]) == min(count, 10)
        shown = [(s.name, s.urn, s.get_phase_display(), s.get_region_display()) for s in ranked]
        assert all(all(fields) for fields in shown)
        assert [s.hub.name if s.hub else "" for s in ranked]
        assert all(area.name for s in ranked for area in s.matching_areas)


def _reference(request, *, limit):
    """Every candidate scored the plain way, one school at a time, best first then by name."""
    school, w = request.school, WEIGHTS
    offered = AreaOfExcellence.objects.offered().filter(
        practice_area__in=request.practice_areas.all()
    )

    def closeness(value, target, span, points):
        if value is None or target is None:
            return 0.0
        return points * (1.0 - min(1.0, abs(float(value) - float(target)) / span))

    ranked = []
    candidates = School.objects.filter(is_open=True, areas_of_excellence__in=offered).distinct()
    for s in candidates.exclude(pk=school.pk):
        if school.trust_id and s.trust_id == school.trust_id:
            continue
        active = Engagement.objects.active().filter(provider=s).count()
        ratings = [
            e.request.feedback.quality_rating
            for e in Engagement.objects.filter(
                provider=s, status=Engagement.Status.ACCEPTED, request__feedback__isnull=False
            )
        ]
        quality = sum(ratings) / len(ratings) if ratings else None
        parts = [
            w.phase if s.phase == school.phase else 0.0,
            closeness(s.pupils_on_roll, school.pupils_on_roll, school.pupils_on_roll, w.size),
            closeness(s.percent_fsm, school.percent_fsm, w.fsm_span, w.fsm),
            closeness(s.percent_sen, school.percent_sen, w.sen_span, w.sen),
            w.region if s.region == school.region else 0.0,
            max(0.0, w.load - active * w.per_engagement),
            w.feedback / 2 if quality is None else quality * w.feedback / 10,
        ]
        total = 0.0
        for part in parts:
            total += part
        proposed = Engagement.objects.filter(request=request, provider=s).exists()
        ranked.append((total, s.name, [round(p, 1) for p in parts], active, proposed))
    ranked.sort(key=lambda row: (-row[0], row[1]))
    return ranked[:limit]


def _engage(provider, requester, *, active=0, ratings=()):
    """Gives a provider active engagements, and finished ones with feedback of these ratings."""
    for _ in range(active):
        EngagementFactory(
            provider=provider,
            status=Engagement.Status.ACCEPTED,
            request__status=Status.BROKERED,
            request__school=requester,
        )
    for rating in ratings:
        done = EngagementFactory(
            provider=provider,
            status=Engagement.Status.ACCEPTED,
            request__status=Status.COMPLETED,
            request__school=requester,
        )
        FeedbackFactory(request=done.request, quality_rating=rating)


def test_engagement_figures_count_what_the_models_call_active(request_m, school_a):
    """The figures' SQL counts load and feedback as the ORM's definitions do, every status."""
    providers = [SchoolFactory(name=f"Provider {n}") for n in range(3)]
    rating = 1
    for n, provider in enumerate(providers):
        for request_status in Status:
            for status in Engagement.Status:
                if n == 2 and status == Engagement.Status.ACCEPTED:
                    continue  # a provider that was never accepted: no past quality
                engagement = EngagementFactory(
                    provider=provider,
                    status=status,
                    request__status=request_status,
                    request__school=school_a,
                )
                if request_status in (Status.COMPLETED, Status.CLOSED):
                    rating = rating % 10 + 1
                    FeedbackFactory(request=engagement.request, quality_rating=rating)
    EngagementFactory(request=request_m, provider=providers[1], status=Engagement.Status.DECLINED)
    untouched = SchoolFactory(name="Never engaged")

    figures = _engagement_figures([*(p.pk for p in providers), untouched.pk], request_m)

    assert untouched.pk not in figures
    for provider in providers:
        engagements = Engagement.objects.filter(provider=provider)
        quality = engagements.filter(status=Engagement.Status.ACCEPTED).aggregate(
            quality=Avg("request__feedback__quality_rating")
        )["quality"]
        expected = (
            Engagement.objects.active().filter(provider=provider).count(),
            quality,
            engagements.filter(request=request_m).exists(),
        )
        assert figures[provider.pk] == expected
    assert figures[providers[0].pk][0] > 0 and figures[providers[1].pk][2]
    assert figures[providers[2].pk][1] is None and figures[providers[0].pk][1] is not None


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_ranking_agrees_with_scoring_every_candidate(request_m, maths, school_a, limit):
    # The sixteen most alike are busy and poorly reviewed; the best totals belong to schools
    # further down on context alone, which must still have their engagements counted.
    for n in range(28):
        alike = n < 16
        if alike:  # the requesting school's own context
            provider = _provider(maths, name=f"Provider {n:02d}")
        else:
            provider = _provider(
                maths,
                name=f"Provider {n:02d}",
                phase="primary" if n % 2 else "secondary",
                region="london",
                pupils_on_roll=300 + (n % 7) * 40,
                percent_fsm=Decimal(20 + (n % 5) * 3),
                percent_sen=None if n == 21 else Decimal(12 + n % 6),
            )
        ratings = {19: [9, 10]}.get(n, [1 if alike else 10] if n % 2 else [])
        _engage(provider, school_a, active=3 if alike else 0, ratings=ratings)
    # Two providers exactly alike, and the best of all: the name decides.
    _provider(maths, name="Twin B", pupils_on_roll=310)
    _provider(maths, name="Twin A", pupils_on_roll=310)
    SchoolFactory(name="Closed", is_open=False).areas_of_excellence.create(
        practice_area=maths, status=AreaOfExcellence.Status.VERIFIED, expires_on=EXPIRES_ON
    )
    proposed = School.objects.get(name="Provider 13")
    EngagementFactory(request=request_m, provider=proposed, status=Engagement.Status.DECLINED)

    ranked = ranked_providers(request_m, limit=limit)

    expected = _reference(request_m, limit=limit)
    assert [s.name for s in ranked] == [row[1] for row in expected]
    for school, (total, _, parts, active, already_proposed) in zip(ranked, expected, strict=True):
        assert school.score_total == pytest.approx(total)
        assert [value for _, value in school.score_parts] == parts
        assert school.active_engagements == active
        assert school.already_proposed == already_proposed


def test_schools_beyond_the_best_by_context_are_counted_when_they_could_win(
    request_m, maths, school_a, django_assert_num_queries
):
    # Ten schools just like the requester (75 context points) but busy and poorly reviewed
    # (0 + 1): 76 each. The best two by context fill the first round's window of 5 * limit.
    for n in range(10):
        _engage(_provider(maths, name=f"Alike {n}"), school_a, active=3, ratings=[1])
    # Another region (65), but free and well reviewed (15 + 10): 90, so they must win.
    lifted = [_provider(maths, name=f"Lifted {n}", region="london") for n in range(2)]
    for school in lifted:
        _engage(school, school_a, ratings=[10])
    # Too unlike to reach the bar however free and well reviewed: never counted.
    _provider(maths, name="Far", phase="secondary", region="london", pupils_on_roll=2000)

    # Request areas, the best 10 by context, their engagements, the further schools that
    # could still reach the best two, and theirs.
    with django_assert_num_queries(5):
        ranked = ranked_providers(request_m, limit=2)

    assert ranked == lifted
    assert [s.score_total for s in ranked] == [90.0, 90.0]
    assert ranked[0].score_parts == [
        ("Same phase", 25),
        ("Pupils on roll", 15),
        ("% FSM", 15),
        ("% SEN", 10),
        ("Same region", 0),
        ("Current load", 15),
        ("Past feedback", 10),
    ]
    assert [s.name for s in ranked] == [row[1] for row in _reference(request_m, limit=2)]
    # A window of 5 already holds the best school for a limit of 1 by context, yet the further
    # ones must still be counted.
    assert ranked_providers(request_m, limit=1) == lifted[:1]


def test_equal_scores_go_by_name_wherever_the_schools_were_counted(request_m, maths, school_a):
    # Alike (75), free (15), rated 5 (5): 95, found in the first round.
    yew = _provider(maths, name="Yew")
    _engage(yew, school_a, ratings=[5])
    for n in range(4):  # alike, busy and poorly reviewed: 76, filling the window of 5
        _engage(_provider(maths, name=f"Busy {n}"), school_a, active=3, ratings=[1])
    # 7.5 points off in SEN (70), free (15), rated 10 (10): also 95, found in the second round.
    ash = _provider(maths, name="Ash", percent_sen=Decimal("19.5"))
    _engage(ash, school_a, ratings=[10])

    assert ranked_providers(request_m, limit=1) == [ash]
    assert [s.score_total for s in ranked_providers(request_m, limit=2)] == [95.0, 95.0]
    assert ranked_providers(request_m, limit=2) == [ash, yew]


def test_equal_scores_go_by_name_then_id(request_m, maths):
    # Created out of name order, so creation order does not give the answer.
    cedar = _provider(maths, name="Cedar")
    birch = _provider(maths, name="Birch")
    ash = _provider(maths, name="Ash")
    birch_again = _provider(maths, name="Birch")  # the same name: the lower id first

    ranked = ranked_providers(request_m)

    assert ranked == [ash, birch, birch_again, cedar]
    assert len({s.score_total for s in ranked}) == 1
    assert ranked_providers(request_m, limit=2) == [ash, birch]


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
