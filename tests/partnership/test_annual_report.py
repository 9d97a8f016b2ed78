"""The annual report against a small network built by hand.

Hub A and hub B, year 2025/26 beside 2024/25:
- `converted`: a primary that became an academy (new URN, linked to its predecessor, whose
  Outstanding inspection under the graded framework carries over), hub A, 300 pupils, 20% FSM;
- `secondary`: a sponsored academy in a trust, hub A, 1,000 pupils, 10% FSM, with a report card
  under the 2025 framework;
- `pru`: a pupil referral unit, hub B, 50 pupils, 60% FSM;
- `mover`: a special school that moved from hub A to hub B on 1 January 2026, 200 pupils, 30% FSM.
The `programmes` fixture adds places, completions and events (below, at its definition).
Cast: the central team, hub A's manager, school A's contact.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from events.models import Booking
from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, ReportCardGrade
from hubs.models import Membership
from partnership.lib.jobs import run_queued_here
from partnership.reports.annual import compute
from partnership.reports.annual_pdf import pdf_html
from partnership.reports.svg import bar_chart_svg
from programmes.models import Enrolment, Kind
from publicdata.models import Designation
from survey.services import response_submit
from tests.factories.events import BookingFactory, EventFactory
from tests.factories.hubs import SchoolFactory, TrustFactory
from tests.factories.operations import MembershipFeeFactory, aware
from tests.factories.programmes import CohortFactory, EnrolmentFactory, ProgrammeFactory
from tests.factories.publicdata import (
    DesignationFactory,
    InspectionFactory,
    SchoolLinkFactory,
)

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


@pytest.fixture
def programmes(network, hub_a, hub_b):
    """2025/26: a national whole-school cohort that `converted` (hub A) completed reaching 300
    pupils, 20 teachers and 1 school, and `mover` (hub B at the year's end) completed reaching
    200, 15 and 1, which `secondary` withdrew from; a leadership cohort `secondary` was accepted
    on. 2024/25: one whole-school completion by `mover` (then in hub A), reaching 100 pupils.
    Events in 2025/26: hub A's meeting (two booked, one of them marked attending, one cancelled;
    `converted` attended), hub B's meeting (one booked) and a national conference (one booked);
    in 2024/25 one hub A meeting with one booking."""
    whole = ProgrammeFactory(kind=Kind.WHOLE_SCHOOL)
    leadership = ProgrammeFactory(kind=Kind.LEADERSHIP)
    start = datetime.date(2025, 10, 1)
    cohort = CohortFactory(programme=whole, academic_year=YEAR, starts_on=start)
    done = {"status": Enrolment.Status.COMPLETED, "completed_on": datetime.date(2026, 7, 1)}
    EnrolmentFactory(
        cohort=cohort,
        school=network["converted"],
        pupils_reached=300,
        teachers_reached=20,
        schools_reached=1,
        **done,
    )
    EnrolmentFactory(
        cohort=cohort,
        school=network["mover"],
        pupils_reached=200,
        teachers_reached=15,
        schools_reached=1,
        **done,
    )
    EnrolmentFactory(cohort=cohort, school=network["secondary"], status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(
        cohort=CohortFactory(programme=leadership, academic_year=YEAR, starts_on=start),
        school=network["secondary"],
        status=Enrolment.Status.ACCEPTED,
    )
    EnrolmentFactory(
        cohort=CohortFactory(
            programme=whole, academic_year=YEAR - 1, starts_on=datetime.date(2024, 10, 1)
        ),
        school=network["mover"],
        pupils_reached=100,
        status=Enrolment.Status.COMPLETED,
        completed_on=datetime.date(2025, 7, 1),
    )
    meeting_a = EventFactory(hub=hub_a)
    BookingFactory(event=meeting_a, attended=True)
    BookingFactory(event=meeting_a)
    BookingFactory(event=meeting_a, status=Booking.Status.CANCELLED)
    meeting_a.schools_attended.add(network["converted"])
    BookingFactory(event=EventFactory(hub=hub_b))
    conference = EventFactory(
        hub=None, starts_at=aware(2026, 3, 3, 9), ends_at=aware(2026, 3, 3, 16)
    )
    BookingFactory(event=conference)
    BookingFactory(
        event=EventFactory(
            hub=hub_a, starts_at=aware(2024, 10, 1, 9), ends_at=aware(2024, 10, 1, 10)
        )
    )


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


def test_programmes_and_events_for_the_network(programmes):
    rows = rows_of(compute(YEAR, None), "programmes")
    assert rows["Whole-school programmes: pupils reached"] == (500, 100)
    assert rows["Whole-school programmes: teachers reached"] == (35, 0)
    assert rows["Whole-school programmes: schools reached"] == (2, 0)
    # The withdrawn enrolment takes no place.
    assert rows["Whole-school improvement: places taken"] == (2, 1)
    assert rows["Whole-school improvement: completed"] == (2, 1)
    assert rows["Leadership development: places taken"] == (1, 0)
    assert rows["Leadership development: completed"] == (0, 0)
    assert rows["Events held"] == (3, 1)
    assert rows["Of them, national events"] == (1, 0)
    assert rows["Places booked at events held"] == (4, 1)  # the cancelled one is not
    assert rows["People marked as attending"] == (1, 0)
    assert rows["Schools recorded as attending an event"] == (1, 0)


def test_programmes_and_events_for_a_hub_count_the_mover_where_it_ended_the_year(
    programmes, hub_a, hub_b
):
    a = rows_of(compute(YEAR, hub_a), "programmes")
    b = rows_of(compute(YEAR, hub_b), "programmes")
    # The mover's 2025/26 completion counts in hub B; its 2024/25 one in hub A.
    assert a["Whole-school programmes: pupils reached"] == (300, 100)
    assert b["Whole-school programmes: pupils reached"] == (200, 0)
    assert a["Leadership development: places taken"] == (1, 0)
    # A hub's events are its own; the national conference counts for the network only.
    assert a["Events held"] == (1, 1)
    assert a["Places booked at events held"] == (2, 1)
    assert b["Events held"] == (1, 0)


def test_the_mover_counts_once_in_every_part_that_counts_schools(network, hub_a, hub_b):
    DesignationFactory(school=network["mover"], kind=Designation.Kind.SLE, holder="Lee Maths")
    InspectionFactory(urn="140004", start_date=datetime.date(2025, 3, 4), overall=OfstedGrade.GOOD)
    a, b, whole = compute(YEAR, hub_a), compute(YEAR, hub_b), compute(YEAR, None)
    sle = "Specialist Leader of Education"
    designations = [rows_of(p, "designations") for p in (a, b, whole)]
    label = next(k for k in designations[2] if sle.lower() in k.lower())
    assert [d[label] for d in designations] == [(0, 1), (1, 0), (1, 1)]
    good = "Graded framework: Good overall"
    assert [rows_of(p, "ofsted")[good] for p in (a, b, whole)] == [(0, 1), (1, 0), (1, 1)]
    # Hub A's and hub B's schools add up to the network's, this year and the year before.
    for name, label in [("network", "Pupils on roll"), ("ofsted", good)]:
        for column in (0, 1):
            assert (
                rows_of(a, name)[label][column] + rows_of(b, name)[label][column]
                == rows_of(whole, name)[label][column]
            )


def test_charts_hold_the_tables_figures(network):
    parts = {p.name: p for p in compute(YEAR, None)}
    (phases, governance) = parts["network"].charts
    assert phases["id"] == "chart-annual-phases"
    assert phases["labels"][2] == "Special and alternative provision (PRU)"
    assert [d["label"] for d in phases["datasets"]] == ["2025/26", "2024/25"]
    assert phases["datasets"][0]["data"] == [1.0, 1.0, 2.0, 0.0]
    assert governance["datasets"][0]["data"] == [2.0, 2.0]
    (grades,) = parts["ofsted"].charts
    assert grades["labels"] == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert grades["datasets"][0]["data"] == [1.0, 0.0, 0.0, 0.0]
    # A blank figure (under five survey answers) is a gap in the chart, not a zero.
    (survey_chart,) = parts["survey"].charts
    assert set(survey_chart["datasets"][0]["data"]) == {None}


def test_the_page_draws_each_chart_above_its_table_and_the_pdf_draws_them_as_svg(
    network, client_for, central_team
):

    page = client_for(central_team).get(reverse("reports:annual") + f"?year={YEAR}").content
    html = page.decode()
    for chart in ("phases", "governance", "ofsted", "request_phases", "programmes", "survey"):
        canvas = html.index(f'data-chart="chart-annual-{chart}"')
        assert f'id="chart-annual-{chart}" type="application/json"' in html
        assert html.index("<table", canvas) < html.index("</section>", canvas)
    assert "vendor/chartjs/chart.umd.min.js" in html
    pdf = pdf_html(None, YEAR)
    assert "<canvas" not in pdf and "<script" not in pdf
    assert pdf.count("<svg") == html.count("<canvas")
    svg = pdf.index("<svg")
    assert svg < pdf.index("<table", svg) < pdf.index("</section>", svg)


def test_a_static_chart_escapes_its_labels_and_draws_negative_figures():
    svg = bar_chart_svg(
        {
            "title": "Progress <8>",
            "labels": ["Maths & <English>", "Science"],
            "datasets": [
                {"label": "2025/26", "data": [-0.5, 1.0]},
                {"label": "2024/25", "data": [None, 0.4]},
            ],
            "stacked": False,
        }
    )
    assert "Maths &amp; &lt;English&gt;" in svg and "Progress &lt;8&gt;" in svg
    assert "<English>" not in svg
    # Three bars (a blank figure draws none), each with its figure written beside it.
    assert svg.count("<rect") == 2 + 3  # two legend swatches
    assert ">-0.5<" in svg and ">1<" in svg and ">0.4<" in svg


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


def test_the_pdf_is_built_by_the_worker_then_downloaded(
    network, hub_a, hub_b, client_for, hub_manager_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manager = client_for(hub_manager_a)
    page_url = reverse("reports:hub_annual", args=[hub_a.slug]) + f"?year={YEAR}"
    build_url = reverse("reports:hub_annual_pdf_build", args=[hub_a.slug]) + f"?year={YEAR}"
    pdf_url = reverse("reports:hub_annual_pdf", args=[hub_a.slug]) + f"?year={YEAR}"
    # Nothing built yet: the download link leads to the page, which offers to build it.
    assert manager.get(pdf_url).url == page_url
    assert "Build the PDF" in manager.get(page_url).content.decode()

    assert manager.post(build_url).url == page_url
    # A second click while it waits queues nothing more.
    manager.post(build_url)
    waiting = manager.get(page_url).content.decode()
    assert "The PDF is being built" in waiting and "Download PDF" not in waiting
    assert ProcrastinateJob.objects.filter(status="todo").count() == 1

    assert run_queued_here() == 1

    ready = manager.get(page_url).content.decode()
    assert "Download PDF" in ready and "being built" not in ready
    pdf = manager.get(pdf_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="annual-report-hub-a-2025.pdf"' in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert list((tmp_path / "annual-reports").iterdir()) == [
        tmp_path / f"annual-reports/{hub_a.pk}-2025.pdf"
    ]


def test_only_who_sees_the_report_queues_or_downloads_its_pdf(
    network, hub_a, hub_b, client_for, hub_manager_a, contact_a, central_team, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("build_annual_report", "--year", str(YEAR), "--hub", hub_b.slug)
    for name in ("reports:hub_annual_pdf_build", "reports:hub_annual_pdf"):
        url = reverse(name, args=[hub_b.slug]) + f"?year={YEAR}"
        assert client_for(hub_manager_a).post(url).status_code == 404
        assert client_for(hub_manager_a).get(url).status_code == 404
        assert client_for(contact_a).get(url).status_code == 404
    assert client_for(hub_manager_a).post(reverse("reports:annual_pdf_build")).status_code == 404
    assert not ProcrastinateJob.objects.exists()
    # The central team downloads what the command stored.
    pdf = client_for(central_team).get(
        reverse("reports:hub_annual_pdf", args=[hub_b.slug]) + f"?year={YEAR}"
    )
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_a_failed_build_says_so_and_may_be_queued_again(
    network, client_for, central_team, settings, tmp_path
):
    # Storage that cannot keep the file: a file stands where its folder should be.
    (tmp_path / "media").write_text("")
    settings.MEDIA_ROOT = tmp_path / "media"
    central = client_for(central_team)
    central.post(reverse("reports:annual_pdf_build") + f"?year={YEAR}")
    assert run_queued_here() == 1
    assert ProcrastinateJob.objects.get().status == "failed"
    page = central.get(reverse("reports:annual") + f"?year={YEAR}").content.decode()
    assert "The last build of the PDF failed" in page and "Build the PDF" in page


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
