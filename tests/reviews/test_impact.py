"""Impact figures checked against a small network built by hand.

Three schools, all graded under the 2019 framework (headings H1–H3, grades 1 Leading … 4
Ineffective) unless said:
- Ash: 2022/23 (H1 2, H2 3, H3 2; two EBIs) then 2023/24 (H1 1, H2 3, H3 3): one EBI addressed,
  one partly.
- Beech: 2022/23 (H1 3, H2 2, H3 2; two EBIs) then 2023/24 (H1 2, H2 2, H3 2): one EBI not yet
  addressed, one not recorded.
- Cherry: 2023/24 under 2019 (one EBI, addressed), then 2024/25 under a 2024 framework whose
  headings carry the same titles: its EBI counts, its estimates are never compared.
A 2023/24 draft at a fourth school follows a published 2022/23 review, and counts for nothing.
"""

import datetime

import pytest
from django.urls import reverse

from reviews.impact import consecutive_impact
from reviews.models import EbiOutcome, Estimate, EvenBetterIf, Framework, Review
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import HEADINGS_2019, ReviewFactory, current_framework


def _review(school, year, grades, *, ebis=(), framework=None, status=Review.Status.PUBLISHED):
    framework = framework or current_framework()
    review = ReviewFactory(
        school=school,
        academic_year=year,
        starts_on=datetime.date(year, 11, 4),
        framework=framework,
        status=status,
    )
    for heading, position in zip(framework.headings.all(), grades, strict=True):
        Estimate.objects.create(
            review=review, heading=heading, grade=framework.grades.get(position=position)
        )
    made = [EvenBetterIf.objects.create(review=review, text=text) for text in ebis]
    return review, made


def _outcome(ebi, review, outcome):
    EbiOutcome.objects.create(ebi=ebi, review=review, outcome=outcome)


@pytest.fixture
def network(hub_a, hub_b):
    ash = SchoolFactory(name="Ash", hub=hub_a)
    beech = SchoolFactory(name="Beech", hub=hub_b)
    cherry = SchoolFactory(name="Cherry", hub=hub_a)
    _, (ash_1, ash_2) = _review(ash, 2022, [2, 3, 2], ebis=["A1", "A2"])
    ash_next, _ = _review(ash, 2023, [1, 3, 3], ebis=["A3"])
    _outcome(ash_1, ash_next, EbiOutcome.Outcome.ADDRESSED)
    _outcome(ash_2, ash_next, EbiOutcome.Outcome.PARTLY)
    _, (beech_1, _beech_2) = _review(beech, 2022, [3, 2, 2], ebis=["B1", "B2"])
    beech_next, _ = _review(beech, 2023, [2, 2, 2])
    _outcome(beech_1, beech_next, EbiOutcome.Outcome.NOT_YET)
    _, (cherry_1,) = _review(cherry, 2023, [2, 2, 2], ebis=["C1"])
    newer = Framework.objects.create(name="QA review framework 2024", effective_from_year=2024)
    for position, title in enumerate(HEADINGS_2019, start=1):
        newer.headings.create(position=position, title=title)
        newer.grades.create(position=position, label=f"Grade {position}")
    newer.grades.create(position=4, label="Grade 4")
    cherry_next, _ = _review(cherry, 2024, [1, 1, 1], framework=newer)
    _outcome(cherry_1, cherry_next, EbiOutcome.Outcome.ADDRESSED)
    draft_school = SchoolFactory(name="Damson", hub=hub_b)
    _, (damson_1,) = _review(draft_school, 2022, [4, 4, 4], ebis=["D1"])
    draft, _ = _review(draft_school, 2023, [1, 1, 1], status=Review.Status.REPORT_DRAFTED)
    _outcome(damson_1, draft, EbiOutcome.Outcome.ADDRESSED)
    return {"ash": ash, "beech": beech, "cherry": cherry}


def test_the_share_of_ebis_addressed_by_the_next_review(network):
    figures = consecutive_impact(Review.objects.filter(academic_year=2023))

    assert figures["pairs"] == 2
    assert figures["ebis"] == {
        "total": 4,
        "addressed": 1,
        "partly": 1,
        "not_yet": 1,
        "not_recorded": 1,
        "percent_addressed": pytest.approx(25),
    }


def test_estimates_move_under_each_heading(network):
    figures = consecutive_impact(Review.objects.filter(academic_year=2023))

    moved = [(row["heading"], row["up"], row["same"], row["down"]) for row in figures["headings"]]
    assert moved == [
        (HEADINGS_2019[0], 2, 0, 0),
        (HEADINGS_2019[1], 0, 2, 0),
        (HEADINGS_2019[2], 0, 1, 1),
    ]
    assert figures["headings"][0]["percent_up"] == 100


def test_headings_of_another_framework_version_are_never_compared(network):
    figures = consecutive_impact(Review.objects.filter(academic_year=2024))

    assert figures["pairs"] == 1
    assert figures["ebis"]["addressed"] == 1
    assert figures["headings"] == []


def test_one_schools_reviews_one_by_one(network):
    figures = consecutive_impact(Review.objects.filter(school=network["ash"]), by_review=True)

    (pair,) = figures["reviews"]
    assert pair["academic_year"] == 2023
    assert pair["ebis"]["percent_addressed"] == 50
    assert [(m["before"], m["after"], m["direction"]) for m in pair["moves"]] == [
        ("Effective", "Leading", "up"),
        ("Working towards effective", "Working towards effective", "same"),
        ("Effective", "Working towards effective", "down"),
    ]


def test_a_first_review_has_nothing_to_compare(hub_a):
    school = SchoolFactory(hub=hub_a)
    _review(school, 2023, [1, 1, 1], ebis=["Only one"])

    figures = consecutive_impact(Review.objects.filter(school=school), by_review=True)

    assert figures == {
        "pairs": 0,
        "ebis": {
            "total": 0,
            "addressed": 0,
            "partly": 0,
            "not_yet": 0,
            "not_recorded": 0,
            "percent_addressed": None,
        },
        "headings": [],
        "reviews": [],
    }


def test_the_figures_take_four_queries_whatever_the_size(network, django_assert_num_queries):
    # The consecutive pairs, the earlier EBIs' outcomes, the earlier and the later estimates.
    with django_assert_num_queries(4):
        consecutive_impact(Review.objects.all(), by_review=True)


def test_a_hubs_report_counts_its_own_schools(network, hub_a):
    from partnership.reports.figures import Report, impact

    figures = impact(Report(year=2023, hub=hub_a))

    assert figures["pairs"] == 1  # Ash; Cherry's 2023/24 review is its first
    assert (figures["ebis"]["total"], figures["ebis"]["addressed"]) == (2, 1)


def test_the_report_exports_the_impact_tables(client_for, central_team, network):
    response = client_for(central_team).get(
        reverse("reports:network"), {"year": 2023, "_export": "csv", "table": "impact"}
    )

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines == [
        "EBIs followed up,Addressed,Partly addressed,Not yet addressed,Not recorded,% addressed",
        "4,1,1,1,1,25.0",
    ]
