"""The network report's figures, each checked against a small network built by hand.

Academic year 2024/25 (ends 31 August 2025):
- hub A: Alder Primary (300 pupils, member since 2020), a secondary academy of a trust that is a
  teaching school (1,000 pupils, since 2020), a primary that joined on 1 October 2024 (300), and
  a primary that left on 1 March 2025;
- hub B: Birch Academy (300 pupils, since 2020).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from brokering.models import Feedback, Status
from hubs.choices import Governance, Phase
from hubs.models import Membership, SpendCategory
from partnership.reports.charts import ORDINAL_COLOURS, charts_for, ordinal_colour
from partnership.reports.figures import build, percent
from reviews.models import Review
from tests.factories.brokering import PracticeAreaFactory, SupportRequestFactory
from tests.factories.hubs import SchoolFactory, TrustFactory
from tests.factories.operations import FundingAllocationFactory, SpendEntryFactory
from tests.factories.reviews import HEADINGS_2019, ReviewFactory, record_report, review_kind

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
    assert reviews["by_kind"] == [{"kind": "Annual QA review", "reviews": 2}]
    # Every heading lists the whole scale in its order, grades nobody was given at 0%.
    for heading in HEADINGS_2019:
        rows = [row for row in reviews["estimates"] if row["heading"] == heading]
        assert [(row["grade"], row["estimates"], row["percent"]) for row in rows] == [
            ("Leading", 1, Decimal("50.0")),
            ("Effective", 1, Decimal("50.0")),
            ("Working towards effective", 0, Decimal("0.0")),
            ("Ineffective", 0, Decimal("0.0")),
        ]
    assert len(reviews["estimates"]) == 12


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
    assert "Maths (report),2" in b"".join(own.streaming_content).decode()
    assert other.status_code == 404
    assert client.get(reverse("reports:network")).status_code == 404


def test_the_governance_mix_in_the_order_of_the_choices(network):
    governance = build(YEAR).figures["governance"]

    assert [(row["label"], row["schools"], row["percent"]) for row in governance] == [
        ("Academy (converter)", 1, Decimal("25.0")),
        ("Maintained (community)", 3, Decimal("75.0")),
    ]


def test_membership_growth_over_six_years(network):
    growth = build(YEAR).figures["growth"]

    keys = ("joined", "moved_in", "left", "moved_out", "members")
    assert [(row["year"], *(row[key] for key in keys)) for row in growth] == [
        (2019, 0, 0, 0, 0, 0),
        (2020, 4, 0, 0, 0, 4),
        (2021, 0, 0, 0, 0, 4),
        (2022, 0, 0, 0, 0, 4),
        (2023, 0, 0, 0, 0, 4),
        (2024, 1, 0, 1, 0, 4),
    ]


def test_a_school_counts_in_the_years_it_was_a_member(network):
    # At the end of 2023/24 Fir had not left and Elm had not joined.
    figures = build(YEAR - 1).figures

    assert figures["headline"] == {
        "schools": 4,
        "pupils": 1900,
        "hubs": 2,
        "trusts": 1,
        "teaching_schools": 1,
    }
    assert figures["reviews"]["held"] == 0
    assert figures["requests"]["requests"] == 1  # the request of 20 August 2024
    assert figures["spend"]["allocated"] == Decimal("0.00")


def test_spend_by_region_and_every_hubs_budget(network):
    spend = build(YEAR).figures["spend"]

    assert [
        (row["hub__name"], row["amount"], row["spent"], row["remaining"]) for row in spend["budget"]
    ] == [
        ("Hub A", Decimal("1000.00"), Decimal("350.00"), Decimal("650.00")),
        ("Hub B", Decimal("500.00"), Decimal("0.00"), Decimal("500.00")),
    ]
    assert spend["by_region"] == [
        {"region": "North West", "allocated": Decimal("1500.00"), "spent": Decimal("350.00")}
    ]
    assert [(row["category"], row["spent"]) for row in spend["by_category"]] == [
        ("Workshops and events", Decimal("100.00")),
        ("Staff training", Decimal("250.00")),
        ("Research projects", Decimal("0.00")),
        ("Hub administration", Decimal("0.00")),
        ("School-to-school support", Decimal("0.00")),
    ]


def test_every_figure_of_one_hubs_report(network, hub_a):
    figures = build(YEAR, hub_a).figures

    assert figures["headline"] == {
        "schools": 3,
        "pupils": 1600,
        "hubs": 1,
        "trusts": 1,
        "teaching_schools": 1,
    }
    assert [(row["label"], row["schools"], row["percent"]) for row in figures["phases"]] == [
        ("Primary", 2, Decimal("66.7")),
        ("Secondary", 1, Decimal("33.3")),
    ]
    growth = {row["year"]: row for row in figures["growth"]}
    assert (growth[2020]["joined"], growth[2020]["members"]) == (3, 3)
    assert (growth[YEAR]["joined"], growth[YEAR]["left"], growth[YEAR]["members"]) == (1, 1, 3)
    reviews = figures["reviews"]
    assert reviews["held"] == 1
    assert [
        (row["grade"], row["estimates"], row["percent"])
        for row in reviews["estimates"]
        if row["heading"] == HEADINGS_2019[0]
    ] == [
        ("Leading", 0, Decimal("0.0")),
        ("Effective", 1, Decimal("100.0")),
        ("Working towards effective", 0, Decimal("0.0")),
        ("Ineffective", 0, Decimal("0.0")),
    ]
    requests = figures["requests"]
    assert (requests["requests"], requests["schools"], requests["feedback"]) == (2, 1, 1)
    assert requests["by_area"] == [{"name": "Maths (report)", "requests": 2}]
    assert [row["hub__name"] for row in figures["spend"]["budget"]] == ["Hub A"]


@pytest.mark.parametrize(
    "part, whole, share",
    [(1, 16, "6.3"), (1, 8, "12.5"), (2, 3, "66.7"), (1, 3, "33.3"), (0, 5, "0.0"), (0, 0, "0.0")],
)
def test_shares_are_rounded_half_up_to_one_place(part, whole, share):
    assert percent(part, whole) == Decimal(share)


def test_only_reviews_whose_team_has_been_on_site_count_as_held(db):
    held = [Review.Status.ON_SITE, Review.Status.REPORT_DRAFTED, Review.Status.PUBLISHED]
    not_held = [Review.Status.PLANNED, Review.Status.TEAM_CONFIRMED, Review.Status.CANCELLED]
    for status in held + not_held:
        ReviewFactory(academic_year=YEAR, status=status)
    ReviewFactory(academic_year=YEAR, status=Review.Status.PUBLISHED, kind=review_kind("spotlight"))
    ReviewFactory(academic_year=YEAR - 1, status=Review.Status.PUBLISHED)

    reviews = build(YEAR).figures["reviews"]

    assert reviews["held"] == 4
    assert reviews["by_kind"] == [
        {"kind": "Annual QA review", "reviews": 3},
        {"kind": "Spotlight review", "reviews": 1},
    ]


def test_feedback_averages_are_rounded_half_up(hub_a):
    school = SchoolFactory(hub=hub_a)
    for quality, service in [(7, 9), (8, 9), (8, 10), (6, 10)]:
        request = SupportRequestFactory(
            school=school, submitted_at=on("2024-11-01"), status=Status.COMPLETED
        )
        Feedback.objects.create(request=request, quality_rating=quality, service_rating=service)

    requests = build(YEAR).figures["requests"]

    assert (requests["quality"], requests["service"], requests["feedback"]) == (
        Decimal("7.3"),
        Decimal("9.5"),
        4,
    )
    assert (requests["requests"], requests["schools"]) == (4, 1)


def test_a_year_without_feedback_has_no_averages(school_a):
    SupportRequestFactory(school=school_a, submitted_at=on("2024-11-01"))

    requests = build(YEAR).figures["requests"]

    assert (requests["quality"], requests["service"], requests["feedback"]) == (None, None, 0)


def test_only_the_top_ten_practice_areas_are_listed_most_requested_first(school_a):
    # Area 1 is asked for once, area 2 twice … area 11 eleven times.
    areas = [PracticeAreaFactory(name=f"Top {n:02d}") for n in range(1, 12)]
    for n in range(1, 12):
        SupportRequestFactory(
            school=school_a, practice_areas=areas[n - 1 :], submitted_at=on("2024-11-01")
        )

    by_area = build(YEAR).figures["requests"]["by_area"]

    assert by_area == [{"name": f"Top {n:02d}", "requests": n} for n in range(11, 1, -1)]


def test_the_charts_draw_the_same_numbers_as_the_tables(network):
    charts = charts_for(build(YEAR))

    assert (charts["phase"]["labels"], charts["phase"]["datasets"]) == (
        ["Primary", "Secondary"],
        [{"label": "Schools", "data": [3.0, 1.0]}],
    )
    assert charts["growth"]["datasets"][0] == {
        "label": "Members",
        "data": [0.0, 4.0, 4.0, 4.0, 4.0, 4.0],
    }
    assert charts["estimates"]["datasets"][0] == {
        "label": "Leading",
        "data": [50.0] * 3,
        "colour": ORDINAL_COLOURS[0],
    }
    assert charts["budget"]["datasets"] == [
        {"label": "Allocated (£)", "data": [1500.0]},
        {"label": "Spent (£)", "data": [350.0]},
    ]
    assert charts["areas"]["datasets"] == [{"label": "Requests", "data": [3.0, 1.0]}]


def test_the_report_shows_its_figures_as_counted_until_they_are_counted_again(
    client_for, central_team, network, hub_b, django_assert_max_num_queries
):
    """The figures are kept for a while (network_cached); every view renders the page from them."""
    client = client_for(central_team)
    url = reverse("reports:network")

    def page(**query) -> str:
        html = client.get(url, {"year": YEAR, **query}).content.decode()
        # The sign-out form's token is masked afresh on every response.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    first = page()

    # A second view does not count the network again: a school that joined since waits for
    # the next count.
    SchoolFactory(hub=hub_b, name="Joined since")
    with django_assert_max_num_queries(6):
        second = page()
    assert second == first
    assert "Figures as counted at" in first

    # Sorting a table renders the same figures in another order.
    resorted = page(**{"phase-sort": "-schools"})
    assert resorted != first

    # Once the figures are counted afresh, the page shows them.
    cache.clear()
    third = page()
    assert third != first


def test_the_estimate_chart_colours_the_grades_in_the_order_of_their_scale(network):
    datasets = charts_for(build(YEAR))["estimates"]["datasets"]

    assert [dataset["label"] for dataset in datasets] == [
        "Leading",
        "Effective",
        "Working towards effective",
        "Ineffective",
    ]
    colours = [dataset["colour"] for dataset in datasets]
    # Down the scale, each grade's colour comes later in the ordered scale of colours.
    steps = [ORDINAL_COLOURS.index(colour) for colour in colours]
    assert steps == sorted(steps) and len(set(steps)) == len(steps)
    assert colours[0] == ORDINAL_COLOURS[0] and colours[-1] == ORDINAL_COLOURS[-1]


@pytest.mark.parametrize("steps", [2, 3, 4, 5, 6, 7])
def test_an_ordinal_scale_of_any_length_gets_distinct_colours_in_order(steps):
    places = [ORDINAL_COLOURS.index(ordinal_colour(p, steps)) for p in range(steps)]
    assert places == sorted(set(places))
