"""The network report's figures, each checked against a small network built by hand.

Academic year 2024/25 (ends 31 August 2025):
- hub A: Alder Primary (300 pupils, member since 2020), a secondary academy of a trust that is a
  teaching school (1,000 pupils, since 2020), a primary that joined on 1 October 2024 (300), and
  a primary that left on 1 March 2025;
- hub B: Birch Academy (300 pupils, since 2020).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from brokering.models import Feedback, Status
from hubs.choices import Governance, Phase
from hubs.models import Membership, SpendCategory
from partnership.reports import build
from reviews.models import Review
from tests.factories.brokering import PracticeAreaFactory, SupportRequestFactory
from tests.factories.hubs import SchoolFactory, TrustFactory
from tests.factories.operations import FundingAllocationFactory, SpendEntryFactory
from tests.factories.reviews import ReviewFactory, record_report

YEAR = 2024


def on(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T10:00:00+00:00")


@pytest.fixture
def network(hub_a, hub_b, school_a, school_b):
    SchoolFactory(
        name="Ash Academy",
        hub=hub_a,
        phase=Phase.SECONDARY,
        governance=Governance.ACADEMY_CONVERTER,
        trust=TrustFactory(),
        pupils_on_roll=1000,
        is_teaching_school=True,
    )
    joiner = SchoolFactory(name="Elm Primary")
    Membership.objects.create(school=joiner, hub=hub_a, joined_on=datetime.date(2024, 10, 1))
    leaver = SchoolFactory(name="Fir Primary")
    Membership.objects.create(
        school=leaver,
        hub=hub_a,
        joined_on=datetime.date(2020, 9, 1),
        left_on=datetime.date(2025, 3, 1),
        leave_reason=Membership.LeaveReason.LEFT,
    )

    for school, grade in [(school_a, 2), (school_b, 1)]:
        review = record_report(ReviewFactory(school=school, academic_year=YEAR), grade)
        review.status = Review.Status.PUBLISHED
        review.save()
    # Planned, so not yet held (at a school outside the network).
    ReviewFactory(school=SchoolFactory(name="Gorse Primary"), academic_year=YEAR)

    maths = PracticeAreaFactory(name="Maths (report)", slug="maths-report")
    english = PracticeAreaFactory(name="English (report)", slug="english-report")
    SupportRequestFactory(school=school_a, practice_areas=[maths], submitted_at=on("2024-10-02"))
    completed = SupportRequestFactory(
        school=school_a,
        practice_areas=[maths],
        submitted_at=on("2025-01-10"),
        status=Status.COMPLETED,
    )
    Feedback.objects.create(request=completed, quality_rating=8, service_rating=6)
    SupportRequestFactory(
        school=school_b, practice_areas=[maths, english], submitted_at=on("2025-05-05")
    )
    # The year before: not counted.
    SupportRequestFactory(school=school_b, practice_areas=[english], submitted_at=on("2024-08-20"))

    allocation_a = FundingAllocationFactory(hub=hub_a, academic_year=YEAR, amount=Decimal("1000"))
    FundingAllocationFactory(hub=hub_b, academic_year=YEAR, amount=Decimal("500"))
    SpendEntryFactory(
        allocation=allocation_a,
        amount=Decimal("100.00"),
        category=SpendCategory.WORKSHOPS_AND_EVENTS,
        spent_on=datetime.date(2024, 11, 1),
    )
    SpendEntryFactory(
        allocation=allocation_a,
        amount=Decimal("250.00"),
        category=SpendCategory.STAFF_TRAINING,
        spent_on=datetime.date(2025, 2, 1),
    )


def test_the_network_headline(network):
    figures = build(YEAR).figures

    assert figures["headline"] == {
        "schools": 4,
        "pupils": 1900,
        "hubs": 2,
        "trusts": 1,
        "teaching_schools": 1,
    }


def test_the_phase_and_governance_mix(network):
    figures = build(YEAR).figures

    assert [(row["label"], row["schools"], row["percent"]) for row in figures["phases"]] == [
        ("Primary", 3, Decimal("75.0")),
        ("Secondary", 1, Decimal("25.0")),
    ]
    governance = {row["label"]: row["schools"] for row in figures["governance"]}
    assert sum(governance.values()) == 4
    assert len(governance) == 2


def test_membership_growth_counts_joiners_and_leavers_in_their_year(network):
    growth = {row["year"]: row for row in build(YEAR).figures["growth"]}

    assert (growth[YEAR]["joined"], growth[YEAR]["left"], growth[YEAR]["members"]) == (1, 1, 4)
    assert growth[2020]["joined"] == 4  # Alder, Ash, Birch and Fir
    assert growth[YEAR - 1]["members"] == 4  # Fir still a member; Elm not yet


def test_reviews_held_and_the_share_of_each_estimate(network):
    reviews = build(YEAR).figures["reviews"]

    assert reviews["held"] == 2
    first_heading = [row for row in reviews["estimates"] if row["heading"].startswith("Leadership")]
    assert {(row["grade"], row["estimates"], row["percent"]) for row in first_heading} == {
        ("Leading", 1, Decimal("50.0")),
        ("Effective", 1, Decimal("50.0")),
    }


def test_support_requests_their_schools_areas_and_feedback(network):
    requests = build(YEAR).figures["requests"]

    assert (requests["requests"], requests["schools"], requests["feedback"]) == (3, 2, 1)
    assert (requests["quality"], requests["service"]) == (Decimal("8.0"), Decimal("6.0"))
    assert requests["by_area"] == [
        {"name": "Maths (report)", "requests": 3},
        {"name": "English (report)", "requests": 1},
    ]


def test_spend_by_category_and_budget_against_actual(network, hub_a):
    spend = build(YEAR).figures["spend"]

    by_category = {row["category"]: row["spent"] for row in spend["by_category"]}
    assert by_category["Workshops and events"] == Decimal("100.00")
    assert by_category["Staff training"] == Decimal("250.00")
    assert sum(by_category.values()) == Decimal("350.00")
    assert (spend["allocated"], spend["spent"]) == (Decimal("1500"), Decimal("350.00"))
    budget_a = next(row for row in spend["budget"] if row["hub__slug"] == hub_a.slug)
    assert budget_a["remaining"] == Decimal("650.00")


def test_one_hubs_report_counts_only_that_hub(network, hub_a):
    figures = build(YEAR, hub_a).figures

    assert figures["headline"]["schools"] == 3
    assert figures["requests"]["requests"] == 2
    assert (figures["spend"]["allocated"], figures["spend"]["spent"]) == (
        Decimal("1000"),
        Decimal("350.00"),
    )


def test_a_hub_manager_exports_only_their_hubs_tables(client_for, hub_manager_a, network, hub_b):
    client = client_for(hub_manager_a)
    own = client.get(
        reverse("reports:hub", args=["hub-a"]), {"year": YEAR, "_export": "csv", "table": "areas"}
    )
    other = client.get(
        reverse("reports:hub", args=[hub_b.slug]),
        {"year": YEAR, "_export": "csv", "table": "areas"},
    )

    assert own.status_code == 200
    assert own["Content-Type"].startswith("text/csv")
    assert "Maths (report),2" in own.content.decode()
    assert other.status_code == 404
    assert client.get(reverse("reports:network")).status_code == 404


@pytest.mark.parametrize("extra_schools", [5, 50])
def test_the_report_page_runs_a_bounded_number_of_queries(
    client_for, central_team, network, hub_b, extra_schools, django_assert_max_num_queries
):
    for _ in range(extra_schools):
        SchoolFactory(hub=hub_b)
    client = client_for(central_team)

    # session, user, two-factor device, then the report's own fixed set of aggregates
    with django_assert_max_num_queries(20):
        page = client.get(reverse("reports:network"), {"year": YEAR}).content.decode()
    assert "Support requests by practice area" in page
