"""The report's public-data figures against a small network built by hand.

Hub A: Oak Primary (100001) became Oak Academy (140001) on 1 September 2023, linked in GIAS;
Elm Primary (100002); the Beech PRU (100003), which moved from hub A to hub B in January 2024.
Hub B: Ash High (100004). Ofsted inspected each school under one framework or both.
"""

import datetime
from decimal import Decimal

import pytest

from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase
from hubs.models import Membership
from publicdata.figures import (
    designation_counts,
    exam_figures,
    grade_movements,
    ofsted_figures,
    schools_in,
)
from publicdata.imports import import_links
from publicdata.models import Designation, Measure
from tests.factories.hubs import HubFactory, SchoolFactory
from tests.factories.publicdata import (
    DesignationFactory,
    ExamResultFactory,
    InspectionFactory,
    NationalResultFactory,
)
from tests.publicdata.published import LINKS_HEADER, published_csv

pytestmark = pytest.mark.django_db
YEAR = 2023  # 2023/24
G = OfstedFramework.GRADED_2019
R = OfstedFramework.REPORT_CARD_2025


@pytest.fixture
def network():
    hub_a = HubFactory(name="Hub A", slug="hub-a")
    hub_b = HubFactory(name="Hub B", slug="hub-b")
    oak = SchoolFactory(urn="100001", name="Oak Primary", hub=hub_a, is_open=False)
    academy = SchoolFactory(
        urn="140001", name="Oak Academy", governance=Governance.ACADEMY_CONVERTER
    )
    elm = SchoolFactory(urn="100002", name="Elm Primary", hub=hub_a)
    pru = SchoolFactory(urn="100003", name="Beech PRU", phase=Phase.ALTERNATIVE_PROVISION)
    Membership.objects.create(
        school=pru,
        hub=hub_a,
        joined_on=datetime.date(2020, 9, 1),
        left_on=datetime.date(2024, 1, 15),
        leave_reason=Membership.LeaveReason.MOVED,
    )
    Membership.objects.create(school=pru, hub=hub_b, joined_on=datetime.date(2024, 1, 15))
    ash = SchoolFactory(urn="100004", name="Ash High", phase=Phase.SECONDARY, hub=hub_b)
    # The conversion as GIAS records it: the links file carries Oak's membership to the academy.
    import_links(
        published_csv(
            LINKS_HEADER,
            [
                {
                    "URN": "100001",
                    "LinkURN": "140001",
                    "LinkType": "Successor",
                    "LinkEstablishedDate": "01-09-2023",
                }
            ],
        ),
        dry_run=False,
    )
    # Oak: Good in 2018 as a maintained school, Outstanding in 2024 as the academy.
    InspectionFactory(urn="100001", start_date=datetime.date(2018, 5, 1), overall=OfstedGrade.GOOD)
    InspectionFactory(
        urn="140001", start_date=datetime.date(2024, 3, 5), overall=OfstedGrade.OUTSTANDING
    )
    # Elm: Outstanding in 2016, kept in 2023/24; an ungraded visit in between changes nothing.
    InspectionFactory(
        urn="100002", start_date=datetime.date(2016, 1, 1), overall=OfstedGrade.OUTSTANDING
    )
    InspectionFactory(
        urn="100002", start_date=datetime.date(2020, 1, 1), overall="", quality_of_education=""
    )
    InspectionFactory(
        urn="100002", start_date=datetime.date(2023, 11, 1), overall=OfstedGrade.OUTSTANDING
    )
    # The PRU: Good in 2019, Requires improvement in 2023/24.
    InspectionFactory(urn="100003", start_date=datetime.date(2019, 1, 1), overall=OfstedGrade.GOOD)
    InspectionFactory(
        urn="100003",
        start_date=datetime.date(2024, 6, 1),
        overall=OfstedGrade.REQUIRES_IMPROVEMENT,
    )
    # Ash: Outstanding in 2017 (graded), then a report card in 2026 and another in 2027.
    InspectionFactory(
        urn="100004", start_date=datetime.date(2017, 1, 1), overall=OfstedGrade.OUTSTANDING
    )
    for day, grades in [
        (datetime.date(2026, 1, 20), {"curriculum": "exceptional", "inclusion": "strong"}),
        (datetime.date(2027, 2, 1), {"curriculum": "strong", "inclusion": "exceptional"}),
    ]:
        InspectionFactory(
            urn="100004",
            start_date=day,
            framework=R,
            overall="",
            quality_of_education="",
            report_card=grades,
            safeguarding_met=True,
        )
    return {
        "hub_a": hub_a,
        "hub_b": hub_b,
        "academy": academy,
        "elm": elm,
        "pru": pru,
        "ash": ash,
        "oak": oak,
    }


def test_a_school_that_moved_mid_year_counts_once_in_its_hub_at_the_years_end(network):
    assert set(schools_in(YEAR, network["hub_a"]).values()) == {"140001", "100002"}
    assert set(schools_in(YEAR, network["hub_b"]).values()) == {"100003", "100004"}
    assert set(schools_in(YEAR).values()) == {"140001", "100002", "100003", "100004"}
    # The year before, the PRU was still in hub A on 31 August.
    assert "100003" in schools_in(YEAR - 1, network["hub_a"]).values()
    assert "100003" not in schools_in(YEAR - 1, network["hub_b"]).values()


def test_outstanding_schools_under_each_framework(network):
    in_2023 = ofsted_figures(YEAR)
    assert in_2023.graded_schools == 4
    assert in_2023.outstanding == 3  # the academy, Elm and Ash (2017)
    assert in_2023.graded[OfstedGrade.REQUIRES_IMPROVEMENT] == 1
    assert in_2023.report_card_schools == 0

    in_2025 = ofsted_figures(2025, network["hub_b"])
    # Ash keeps its latest graded grade beside its report card; they are never merged.
    assert (in_2025.graded_schools, in_2025.outstanding) == (2, 1)
    assert (in_2025.report_card_schools, in_2025.report_card_exceptional) == (1, 1)
    assert in_2025.report_card_all_strong == 1


def test_improved_or_kept_compares_within_one_framework_only(network):
    graded = grade_movements(YEAR)[G]
    # The academy improved on its predecessor's Good; Elm kept Outstanding; the PRU fell.
    assert (graded.improved, graded.kept, graded.declined) == (1, 1, 1)
    assert graded.improved_or_kept == 2
    # The PRU, which moved to hub B in January, counts in hub B only.
    hub_a = grade_movements(YEAR, network["hub_a"])[G]
    assert (hub_a.improved, hub_a.kept, hub_a.declined) == (1, 1, 0)
    hub_b = grade_movements(YEAR, network["hub_b"])[G]
    assert (hub_b.improved, hub_b.kept, hub_b.declined) == (0, 0, 1)
    # Ash's first report card is not compared with its graded Outstanding.
    first_card = grade_movements(2025)[R]
    assert (first_card.first, first_card.improved, first_card.declined) == (1, 0, 0)
    assert grade_movements(2025)[G].improved_or_kept == 0
    # Its second report card: one area better, one worse.
    assert grade_movements(2026)[R].mixed == 1


def test_exam_results_against_national(network):
    measure = Measure.KS2_RWM_EXPECTED
    # Oak's 2023/24 results were published under its old URN; the academy takes them.
    ExamResultFactory(urn="100001", academic_year=YEAR, measure=measure, value=Decimal("70"))
    ExamResultFactory(urn="100002", academic_year=YEAR, measure=measure, value=Decimal("50"))
    ExamResultFactory(urn="100003", academic_year=YEAR, measure=measure, marker="SUPP")
    ExamResultFactory(urn="999999", academic_year=YEAR, measure=measure, value=Decimal("99"))
    NationalResultFactory(academic_year=YEAR, measure=measure, value=Decimal("61"))
    ExamResultFactory(
        urn="100004", academic_year=YEAR, measure=Measure.KS4_ATTAINMENT_8, value=Decimal("48.3")
    )

    figures = {f.measure: f for f in exam_figures(YEAR)}

    ks2 = figures[measure]
    assert (ks2.schools, ks2.marked, ks2.average) == (3, 1, Decimal("60.00"))
    assert (ks2.national, ks2.above_national) == (Decimal("61.00"), 1)
    ks4 = figures[Measure.KS4_ATTAINMENT_8]
    assert (ks4.schools, ks4.national, ks4.above_national) == (1, None, 0)
    hub_b = {f.measure: f for f in exam_figures(YEAR, network["hub_b"])}
    assert hub_b[measure].schools == 1 and hub_b[measure].marked == 1


def test_designation_counts_people_and_schools_held_that_year(network):
    academy, elm = network["academy"], network["elm"]
    DesignationFactory(school=academy, kind=Designation.Kind.NLE, holder="Pat Head")
    DesignationFactory(school=academy, kind=Designation.Kind.SLE, holder="Ravi Maths")
    DesignationFactory(school=academy, kind=Designation.Kind.SLE, holder="Jo English")
    DesignationFactory(
        school=elm, kind=Designation.Kind.TEACHING_SCHOOL, ends_on=datetime.date(2021, 8, 31)
    )
    DesignationFactory(
        school=elm, kind=Designation.Kind.TEACHING_SCHOOL_HUB, starts_on=datetime.date(2024, 8, 1)
    )
    DesignationFactory(school=network["ash"], kind=Designation.Kind.RESEARCH_SCHOOL)

    counts = designation_counts(YEAR)

    assert counts["nle"] == 1 and counts["sle"] == 2
    assert counts["teaching_school"] == 0  # ended before the year
    assert counts["teaching_school_hub"] == 1  # started in its last month
    assert counts["research_school"] == 1
    assert designation_counts(YEAR, network["hub_b"])["sle"] == 0


def test_each_figure_runs_a_bounded_number_of_queries(network, django_assert_max_num_queries):
    for _ in range(5):
        SchoolFactory(hub=network["hub_a"])
    with django_assert_max_num_queries(2 + 4 + 1):
        ofsted_figures(YEAR)
    with django_assert_max_num_queries(2 + 4 + 1):
        grade_movements(YEAR)
    with django_assert_max_num_queries(2 + 4 + 2):
        exam_figures(YEAR)
    with django_assert_max_num_queries(2):
        designation_counts(YEAR)
