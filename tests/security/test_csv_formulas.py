"""Every CSV download writes names a spreadsheet would run as a formula as plain text.

A cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe, in the
one exporter (partnership.lib.exports) that every download goes through; numbers stay numbers,
so a negative amount still adds up.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from brokering.models import SupportRequest
from partnership.lib.exports import FORMULA_STARTS, csv_cell
from tests.factories.brokering import PracticeAreaFactory, SupportRequestFactory
from tests.factories.hubs import HubFactory, SchoolFactory
from tests.factories.operations import FundingAllocationFactory, SpendEntryFactory
from tests.factories.people import UserFactory

FORMULA = '=HYPERLINK("http://evil.example","Open")'
YEAR = 2024
REPORT_TABLES = [
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


def downloaded(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet would run: a formula start, other than a plain negative number."""
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        Decimal(cell)
    except ArithmeticError:
        return True
    return False


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize(
    "value", [Decimal("-350.50"), -4, 2.5, 0], ids=["decimal", "int", "float", "zero"]
)
def test_numbers_stay_numbers(value):
    assert csv_cell(value) == value


def test_other_text_and_nothing_pass_as_they_are():
    assert csv_cell("Alder Primary") == "Alder Primary"
    assert csv_cell("a=b") == "a=b"
    assert csv_cell(None) == ""


def test_the_queue_download_escapes_school_hub_and_broker_names(client_for, central_team):
    hub = HubFactory(name="+Hub formula")
    school = SchoolFactory(name=FORMULA, hub=hub)
    broker = UserFactory(full_name="@Broker formula", is_central_team=True)
    request = SupportRequestFactory(
        school=school, practice_areas=[PracticeAreaFactory(name="-Area formula", slug="area-f")]
    )
    SupportRequest.objects.filter(pk=request.pk).update(broker=broker)

    rows = downloaded(client_for(central_team).get(reverse("brokering:queue_export")))

    header, row = rows
    cells = dict(zip(header, row, strict=True))
    assert cells["school"] == f"'{FORMULA}"
    assert cells["hub"] == "'+Hub formula"
    assert cells["broker"] == "'@Broker formula"
    assert cells["practice areas"] == "'-Area formula"
    assert not any(runs_as_formula(cell) for cell in row)


def test_the_schools_list_download_escapes_school_names(client_for, central_team):
    SchoolFactory(name=FORMULA, hub=HubFactory(name="\tHub formula"))

    rows = downloaded(client_for(central_team).get(reverse("hubs:school_list"), {"_export": "csv"}))

    assert rows[1][0] == f"'{FORMULA}"
    assert "'\tHub formula" in rows[1]
    assert not any(runs_as_formula(cell) for row in rows for cell in row)


@pytest.fixture
def formula_network():
    """A hub, a practice area and a spend whose names a spreadsheet would run, in 2024/25."""
    hub = HubFactory(name=FORMULA, slug="formula")
    school = SchoolFactory(name=FORMULA, hub=hub)
    allocation = FundingAllocationFactory(hub=hub, academic_year=YEAR, amount=Decimal("10"))
    SpendEntryFactory(
        allocation=allocation,
        amount=Decimal("25.00"),
        spent_on=datetime.date(2025, 3, 4),
        description="@Overspend formula",
        overspend=True,
    )
    SupportRequestFactory(
        school=school,
        practice_areas=[PracticeAreaFactory(name="+Area formula", slug="area-formula")],
        submitted_at=datetime.datetime(2024, 11, 5, 9, tzinfo=datetime.UTC),
    )
    return hub


@pytest.mark.parametrize("table", REPORT_TABLES)
def test_every_report_table_download_runs_no_formula(
    client_for, central_team, formula_network, table
):
    client = client_for(central_team)
    for url in [reverse("reports:network"), reverse("reports:hub", args=[formula_network.slug])]:
        rows = downloaded(client.get(url, {"year": YEAR, "_export": "csv", "table": table}))

        assert not any(runs_as_formula(cell) for row in rows for cell in row)


def test_the_report_downloads_escape_hub_area_and_spend_names(
    client_for, central_team, formula_network
):
    client = client_for(central_team)

    def export(table: str) -> list[list[str]]:
        url = reverse("reports:network")
        return downloaded(client.get(url, {"year": YEAR, "_export": "csv", "table": table}))

    assert export("budget")[1] == [f"'{FORMULA}", "10.00", "25.00", "-15.00"]
    assert export("areas")[1] == ["'+Area formula", "1"]
    assert export("flagged")[1] == [
        f"'{FORMULA}",
        "2025-03-04",
        "25.00",
        "Workshops and events",
        "'@Overspend formula",
    ]
