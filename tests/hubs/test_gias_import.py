"""The GIAS establishment import: dry run, all-or-nothing, every bad row reported, idempotent."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from hubs.gias import import_gias
from hubs.models import Membership, School
from tests.factories.hubs import SchoolFactory

SAMPLE = Path(__file__).parent / "data" / "gias_sample_2024.csv"

pytestmark = pytest.mark.django_db


def sample_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def as_csv(header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def edited(column: str, value: str, row_index: int = 0) -> bytes:
    header, rows = sample_rows()
    rows[row_index][header.index(column)] = value
    return as_csv(header, rows)


def test_a_dry_run_reports_what_it_would_create_and_changes_nothing():
    result = import_gias(SAMPLE.read_bytes(), dry_run=True)

    assert result.ok
    assert not result.applied
    assert {change.urn for change in result.created} == {"138130", "140134", "100001", "100002"}
    # A university is not an establishment the network holds.
    assert [(urn, why) for _, urn, why in result.skipped] == [("100003", "Universities")]
    assert not School.objects.exists()


def test_an_import_creates_the_schools_and_a_second_run_changes_nothing():
    first = import_gias(SAMPLE.read_bytes(), dry_run=False)
    academy = School.objects.get(urn="138130")

    assert first.ok and first.applied
    assert School.objects.count() == 4
    assert (academy.name, academy.pupils_on_roll) == ("Example Academy", 315)
    assert School.objects.get(urn="140134").is_open is False

    second = import_gias(SAMPLE.read_bytes(), dry_run=False)

    assert (second.created, second.changed, second.unchanged) == ([], [], 4)


def test_a_changed_school_is_reported_field_by_field():
    import_gias(SAMPLE.read_bytes(), dry_run=False)

    result = import_gias(edited("NumberOfPupils", "400"), dry_run=True)

    [change] = result.changed
    assert change.urn == "138130"
    assert list(change.fields.values()) == [(315, 400)]
    assert School.objects.get(urn="138130").pupils_on_roll == 315


def test_hub_membership_is_never_changed_and_closed_members_are_reported(hub_a):
    SchoolFactory(urn="140134", name="Example School", hub=hub_a)

    result = import_gias(SAMPLE.read_bytes(), dry_run=False)

    assert result.closed_members == [("140134", "Example School", hub_a.name)]
    school = School.objects.get(urn="140134")
    assert school.hub == hub_a
    assert Membership.objects.get(school=school).left_on is None


@pytest.mark.parametrize(
    "column, value, reason",
    [
        ("URN", "", "URN"),
        ("URN", "12AB56", "URN"),
        ("OfstedLastInsp", "2024-01-18", "OfstedLastInsp"),
        ("NumberOfPupils", "many", "NumberOfPupils"),
    ],
)
def test_a_file_with_a_bad_row_changes_nothing_and_names_the_line(column, value, reason):
    result = import_gias(edited(column, value, row_index=2), dry_run=False)

    assert not result.ok and not result.applied
    [(line, message)] = result.errors
    assert line == 4  # the header is line 1, so the third school is line 4
    assert reason.lower() in message.lower()
    assert not School.objects.exists()


def test_every_bad_row_is_reported_not_just_the_first():
    header, rows = sample_rows()
    rows[0][header.index("URN")] = "bad"
    rows[3][header.index("URN")] = ""

    result = import_gias(as_csv(header, rows), dry_run=False)

    assert [line for line, _ in result.errors] == [2, 5]
    assert not School.objects.exists()


def test_a_missing_required_column_is_reported_on_line_one():
    header, rows = sample_rows()
    drop = header.index("PhaseOfEducation (name)")
    trimmed = [[cell for n, cell in enumerate(row) if n != drop] for row in [header, *rows]]

    result = import_gias(as_csv(trimmed[0], trimmed[1:]), dry_run=False)

    assert result.errors[0][0] == 1
    assert "PhaseOfEducation (name)" in result.errors[0][1]
    assert not School.objects.exists()


def test_a_windows_1252_file_is_read():
    header, rows = sample_rows()
    rows[0][header.index("EstablishmentName")] = "St Anne’s Académie"

    result = import_gias(as_csv(header, rows, encoding="cp1252"), dry_run=False)

    assert result.ok
    assert School.objects.get(urn="138130").name == "St Anne’s Académie"


def test_an_older_column_set_without_optional_columns_is_read():
    header, rows = sample_rows()
    keep = [n for n, name in enumerate(header) if name not in ("PercentageFSM", "Postcode")]
    older = [[row[n] for n in keep] for row in [header, *rows]]

    result = import_gias(as_csv(older[0], older[1:]), dry_run=False)

    assert result.ok
    assert School.objects.count() == 4


def test_binary_data_is_refused_with_a_clear_message():
    result = import_gias(b"\x00\x01\x02PK\x03\x04", dry_run=False)

    assert result.errors and "not a CSV text file" in result.errors[0][1]


def test_the_command_dry_run_changes_nothing(capsys):
    call_command("import_gias", str(SAMPLE), "--dry-run")

    assert not School.objects.exists()


def test_the_upload_page_imports_for_the_central_team(client_for, central_team):
    with SAMPLE.open("rb") as upload:
        response = client_for(central_team).post(
            reverse("hubs:gias_import"), {"file": upload, "action": "import"}
        )

    assert response.status_code == 200
    assert School.objects.count() == 4
