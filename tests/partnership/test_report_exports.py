"""CSV exports of the report tables: every table, and its exact rows for each reader.

The network, for 2024/25:
- hub A: Alder Primary (300 pupils) and Ash Academy (a secondary academy, 1,000 pupils);
  £1,000 allocated, £100 spent on workshops and £1,250.50 on staff training (flagged);
- hub B: Birch Academy (300 pupils); £500 allocated, nothing spent.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from hubs.choices import Governance, Phase
from hubs.models import SpendCategory
from tests.factories.brokering import PracticeAreaFactory, SupportRequestFactory
from tests.factories.hubs import HubFactory, SchoolFactory
from tests.factories.operations import FundingAllocationFactory, SpendEntryFactory

YEAR = 2024
TABLES = [
    "summary",
    "phase",
    "governance",
    "growth",
    "reviews",
    "estimates",
    "areas",
    "spend",
    "budget",
    "flagged",
]


@pytest.fixture
def network(hub_a, hub_b, school_a, school_b):
    SchoolFactory(
        name="Ash Academy",
        hub=hub_a,
        phase=Phase.SECONDARY,
        governance=Governance.ACADEMY_CONVERTER,
        pupils_on_roll=1000,
    )
    allocation = FundingAllocationFactory(hub=hub_a, academic_year=YEAR, amount=Decimal("1000"))
    FundingAllocationFactory(hub=hub_b, academic_year=YEAR, amount=Decimal("500"))
    SpendEntryFactory(
        allocation=allocation,
        amount=Decimal("100.00"),
        spent_on=datetime.date(2024, 10, 1),
        description="Autumn conference",
    )
    SpendEntryFactory(
        allocation=allocation,
        amount=Decimal("1250.50"),
        category=SpendCategory.STAFF_TRAINING,
        spent_on=datetime.date(2025, 3, 4),
        description="Coaching course",
        overspend=True,
    )
    maths = PracticeAreaFactory(name="Maths (export)", slug="maths-export")
    submitted = datetime.datetime(2024, 11, 5, 9, tzinfo=datetime.UTC)
    SupportRequestFactory(school=school_a, practice_areas=[maths], submitted_at=submitted)
    SupportRequestFactory(school=school_b, practice_areas=[maths], submitted_at=submitted)


def export(client, table: str, hub=None):
    url = reverse("reports:hub", args=[hub.slug]) if hub else reverse("reports:network")
    return client.get(url, {"year": YEAR, "_export": "csv", "table": table})


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("table", TABLES)
def test_every_table_exports_as_csv_with_its_header(client_for, central_team, network, table):
    response = export(client_for(central_team), table)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="network-{YEAR}-{table}.csv"'
    assert len(rows(response)) >= 1


def test_the_summary_export(client_for, central_team, network):
    assert rows(export(client_for(central_team), "summary")) == [
        ["Measure", "Value"],
        ["Schools", "3"],
        ["Pupils", "1600"],
        ["Hubs", "2"],
        ["Trusts", "0"],
        ["Teaching schools", "0"],
    ]


def test_the_phase_and_governance_exports(client_for, central_team, network):
    client = client_for(central_team)

    assert rows(export(client, "phase")) == [
        ["Phase", "Schools", "%"],
        ["Primary", "2", "66.7"],
        ["Secondary", "1", "33.3"],
    ]
    assert rows(export(client, "governance")) == [
        ["Governance", "Schools", "%"],
        ["Academy (converter)", "1", "33.3"],
        ["Maintained (community)", "2", "66.7"],
    ]


def test_the_growth_export_names_each_academic_year(client_for, central_team, network):
    exported = rows(export(client_for(central_team), "growth"))

    assert exported[0] == ["Year", "Joined", "Moved in", "Left", "Moved out", "Members at year end"]
    assert exported[1:3] == [
        ["2019/20", "0", "0", "0", "0", "0"],
        ["2020/21", "3", "0", "0", "0", "3"],
    ]
    assert exported[-1] == ["2024/25", "0", "0", "0", "0", "3"]


def test_money_exports_as_plain_numbers_a_spreadsheet_can_add_up(client_for, central_team, network):
    client = client_for(central_team)

    assert rows(export(client, "budget")) == [
        ["Hub", "Allocated", "Spent", "Remaining"],
        ["Hub A", "1000.00", "1350.50", "-350.50"],
        ["Hub B", "500.00", "0.00", "500.00"],
    ]
    assert rows(export(client, "spend"))[1:3] == [
        ["Workshops and events", "100.00"],
        ["Staff training", "1250.50"],
    ]
    assert rows(export(client, "flagged")) == [
        ["Hub", "Date", "Amount", "Category", "Description"],
        ["Hub A", "2025-03-04", "1250.50", "Staff training", "Coaching course"],
    ]


def test_the_areas_export(client_for, central_team, network):
    assert rows(export(client_for(central_team), "areas")) == [
        ["Practice area", "Requests"],
        ["Maths (export)", "2"],
    ]


def test_a_hub_managers_export_holds_only_their_hub(client_for, hub_manager_a, network, hub_a):
    client = client_for(hub_manager_a)

    assert rows(export(client, "budget", hub_a)) == [
        ["Hub", "Allocated", "Spent", "Remaining"],
        ["Hub A", "1000.00", "1350.50", "-350.50"],
    ]
    assert rows(export(client, "summary", hub_a))[1] == ["Schools", "2"]
    assert rows(export(client, "areas", hub_a))[1:] == [["Maths (export)", "1"]]


def test_a_senior_partners_export_holds_only_their_hub(
    client_for, senior_partner_a, network, hub_a
):
    assert rows(export(client_for(senior_partner_a), "budget", hub_a)) == [
        ["Hub", "Allocated", "Spent", "Remaining"],
        ["Hub A", "1000.00", "1350.50", "-350.50"],
    ]


@pytest.mark.parametrize("query", [{"table": "nonsense"}, {"table": "budget", "_export": "xlsx"}])
def test_an_unknown_table_or_format_is_not_found(client_for, central_team, network, query):
    response = client_for(central_team).get(
        reverse("reports:network"), {"year": YEAR, "_export": "csv", **query}
    )

    assert response.status_code == 404


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(client_for, central_team):
    hub = HubFactory(name='=HYPERLINK("http://x")', slug="formula")
    FundingAllocationFactory(hub=hub, academic_year=YEAR, amount=Decimal("10"))

    exported = rows(export(client_for(central_team), "budget"))

    assert exported[1] == ['\'=HYPERLINK("http://x")', "10.00", "0.00", "10.00"]


def test_an_export_runs_a_bounded_number_of_queries(
    client_for, central_team, network, hub_b, django_assert_max_num_queries
):
    for _ in range(30):
        SchoolFactory(hub=hub_b)
    client = client_for(central_team)

    with django_assert_max_num_queries(20):
        export(client, "growth")
