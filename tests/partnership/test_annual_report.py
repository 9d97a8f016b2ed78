"""The annual report against a small network built by hand.

Hub A and hub B, year 2025/26 beside 2024/25:
- `converted`: a primary that became an academy (new URN, linked to its predecessor, whose
  Outstanding inspection under the graded framework carries over), hub A, 300 pupils, 20% FSM;
- `secondary`: a sponsored academy in a trust, hub A, 1,000 pupils, 10% FSM, with a report card
  under the 2025 framework;
- `pru`: a pupil referral unit, hub B, 50 pupils, 60% FSM;
- `mover`: a special school that moved from hub A to hub B on 1 January 2026, 200 pupils, 30% FSM.
Cast: the central team, hub A's manager, school A's contact.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, ReportCardGrade
from hubs.models import Membership
from partnership.reports.annual import compute
from survey.services import response_submit
from tests.factories.hubs import SchoolFactory, TrustFactory
from tests.factories.operations import MembershipFeeFactory
from tests.factories.publicdata import InspectionFactory, SchoolLinkFactory

YEAR = 2025
D = Decimal


def school(hub, joined=datetime.date(2020, 9, 1), **fields):
    made = SchoolFactory(hub=None, **fields)
    made.hub = hub
    made.save()
    Membership.objects.create(school=made, hub=hub, joined_on=joined)
    return made


@pytest.fixture
def network(hub_a, hub_b):
    converted = school(
        hub_a,
        urn="140001",
        phase=Phase.PRIMARY,
        governance=Governance.ACADEMY_CONVERTER,
        pupils_on_roll=300,
        percent_fsm=D("20"),
    )
    SchoolLinkFactory(predecessor_urn="100001", successor_urn="140001")
    InspectionFactory(
        urn="100001", start_date=datetime.date(2019, 3, 1), overall=OfstedGrade.OUTSTANDING
    )
    secondary = school(
        hub_a,
        urn="140002",
        phase=Phase.SECONDARY,
        governance=Governance.ACADEMY_SPONSORED,
        trust=TrustFactory(),
        pupils_on_roll=1000,
        percent_fsm=D("10"),
    )
    InspectionFactory(
        urn="140002",
        start_date=datetime.date(2026, 1, 20),
        framework=OfstedFramework.REPORT_CARD_2025,
        overall="",
        quality_of_education="",
        report_card={
            "curriculum": ReportCardGrade.EXCEPTIONAL,
            "inclusion": ReportCardGrade.STRONG,
        },
        safeguarding_met=True,
    )
    school(
        hub_b,
        urn="140003",
        phase=Phase.ALTERNATIVE_PROVISION,
        governance=Governance.COMMUNITY,
        pupils_on_roll=50,
        percent_fsm=D("60"),
    )
    mover = SchoolFactory(
        urn="140004",
        phase=Phase.SPECIAL,
        governance=Governance.FOUNDATION,
        pupils_on_roll=200,
        percent_fsm=D("30"),
        hub=hub_b,
    )
    Membership.objects.filter(school=mover).update(joined_on=datetime.date(2026, 1, 1))
    Membership.objects.create(
        school=mover,
        hub=hub_a,
        joined_on=datetime.date(2020, 9, 1),
        left_on=datetime.date(2026, 1, 1),
    )
    MembershipFeeFactory(school=converted, hub=hub_a, academic_year=YEAR, amount=D("500"))
    MembershipFeeFactory(school=secondary, hub=hub_a, academic_year=YEAR, amount=D("900"))
    return {"converted": converted, "secondary": secondary, "mover": mover}


def rows_of(parts, name):
    return {
        label: (now, before) for label, now, before in next(p for p in parts if p.name == name).rows
    }


def test_the_network_part_beside_the_previous_year(network):
    rows = rows_of(compute(YEAR, None), "network")
    assert rows["Member schools"] == (4, 4)
    assert rows["Hubs with member schools"] == (2, 2)
    assert rows["Pupils on roll"] == (1550, 1550)
    assert rows["Trusts"][0] == 1
    assert rows["Schools in a trust (%)"][0] == D("25.0")
    assert rows["Primary (incl. nursery) (schools)"][0] == 1
    assert rows["Secondary (incl. all-through and 16 plus) (schools)"][0] == 1
    assert rows["Special and alternative provision (PRU) (schools)"][0] == 2
    assert rows["Other (incl. middle) (schools)"][0] == 0
    assert rows["Academies and free schools"][0] == 2
    assert rows["Maintained schools"][0] == 2


def test_disadvantaged_is_weighted_by_pupils(network):
    rows = rows_of(compute(YEAR, None), "disadvantaged")
    # (20 x 300 + 10 x 1000 + 60 x 50 + 30 x 200) / 1550 = 16.13
    assert rows["Pupils eligible for free school meals (%)"][0] == D("16.1")


def test_a_school_that_moved_counts_in_its_hub_at_the_years_end(network, hub_a, hub_b):
    a = rows_of(compute(YEAR, hub_a), "network")
    b = rows_of(compute(YEAR, hub_b), "network")
    assert a["Member schools"] == (2, 3)
    assert b["Member schools"] == (2, 1)
    assert b["Special and alternative provision (PRU) (schools)"] == (2, 1)


def test_ofsted_under_each_framework_with_the_predecessors_history(network):
    rows = rows_of(compute(YEAR, None), "ofsted")
    assert rows["Graded framework: Outstanding overall"][0] == 1
    assert rows["2025 framework: schools with a report card"] == (1, 0)
    assert rows["2025 framework: at least one area Exceptional"][0] == 1
    assert rows["2025 framework: every area Strong or Exceptional"][0] == 1
    # Its first report card: nothing earlier under that framework to have improved on.
    assert rows["Report card (from November 2025): inspected this year, improved or kept"] == (0, 0)


def test_money_and_survey_parts(network, hub_a):
    network_money = rows_of(compute(YEAR, None), "money")
    assert network_money["Membership fees set (£)"] == (D("1400"), D("0"))
    assert rows_of(compute(YEAR, hub_a), "money")["Membership fees set (£)"][0] == D("1400")
    for made in network.values():
        response_submit(school=made, academic_year=YEAR, recommend=9, satisfaction={}, by=None)
    survey_rows = rows_of(compute(YEAR, None), "survey")
    assert survey_rows["Responses"] == (3, 0)
    # Three responses: under five, so no average is shown.
    assert survey_rows["Would recommend the network: average (0-10)"] == (None, None)


def test_page_csv_and_pdf_for_each_role(
    network, hub_a, hub_b, client_for, central_team, hub_manager_a, contact_a
):
    central = client_for(central_team)
    page = central.get(reverse("reports:annual") + f"?year={YEAR}")
    assert "2025/26" in page.content.decode() and "2024/25" in page.content.decode()
    csv = central.get(reverse("reports:annual") + f"?year={YEAR}&_export=csv&part=network")
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0] == "Figure,2025/26,2024/25"
    assert lines[1] == "Member schools,5,5"  # with school A, of the contact in the cast
    manager = client_for(hub_manager_a)
    assert manager.get(reverse("reports:annual")).status_code == 404
    assert manager.get(reverse("reports:hub_annual", args=[hub_a.slug])).status_code == 200
    assert manager.get(reverse("reports:hub_annual", args=[hub_b.slug])).status_code == 404
    assert (
        client_for(contact_a).get(reverse("reports:hub_annual", args=[hub_a.slug])).status_code
        == 404
    )
    pdf = manager.get(reverse("reports:hub_annual_pdf", args=[hub_a.slug]) + f"?year={YEAR}")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_the_command_builds_the_pdf(network, hub_a, tmp_path):
    output = tmp_path / "report.pdf"
    call_command(
        "build_annual_report", "--year", str(YEAR), "--hub", hub_a.slug, "--output", str(output)
    )
    assert output.read_bytes().startswith(b"%PDF-")


def test_the_report_runs_the_same_queries_for_more_schools(network, hub_a, hub_b):
    with CaptureQueriesContext(connection) as small:
        compute(YEAR, None)
    for n in range(3):
        made = school(hub_b, urn=f"15000{n}", percent_fsm=D("5"))
        InspectionFactory(urn=made.urn, start_date=datetime.date(2024, 5, 1))
    with CaptureQueriesContext(connection) as larger:
        compute(YEAR, None)
    assert len(larger) == len(small)
