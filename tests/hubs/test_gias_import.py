"""The GIAS establishment import: dry run, all-or-nothing, every bad row reported, idempotent."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, Region
from hubs.gias import import_gias
from hubs.imports import report_lines
from hubs.models import ImportRun, Membership, School
from tests.factories.hubs import SchoolFactory
from tests.imports import upload

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
    response = upload(
        client_for(central_team), "hubs:gias_import", "gias.csv", SAMPLE.read_bytes(), "import"
    )

    assert response.status_code == 200
    assert School.objects.count() == 4


def test_every_imported_field_of_a_new_school_is_read_from_its_row():
    import_gias(SAMPLE.read_bytes(), dry_run=False)

    academy = School.objects.select_related("trust").get(urn="138130")
    assert (academy.phase, academy.governance) == (Phase.SPECIAL, Governance.ACADEMY_CONVERTER)
    assert (academy.trust.reference, academy.trust.name) == ("5711", "EXAMPLE ACADEMY TRUST")
    assert (academy.local_authority, academy.region) == ("Salford", Region.NORTH_WEST)
    assert (academy.postcode, academy.percent_fsm) == ("M30 9DY", Decimal("51.80"))
    assert (academy.ofsted_framework, academy.ofsted_grade) == (
        OfstedFramework.GRADED_2019,
        OfstedGrade.OUTSTANDING,
    )
    assert academy.ofsted_inspection_date == datetime.date(2024, 1, 24)
    # "Serious weaknesses" is an Inadequate judgement under the graded framework.
    assert School.objects.get(urn="140134").ofsted_grade == OfstedGrade.INADEQUATE
    # Postcodes are kept as GIAS should have written them.
    assert School.objects.get(urn="100001").postcode == "LS1 4AP"


def test_a_dry_run_lists_each_changed_field_with_its_old_and_new_value():
    import_gias(SAMPLE.read_bytes(), dry_run=False)
    header, rows = sample_rows()
    rows[0][header.index("EstablishmentName")] = "Example Academy Renamed"
    rows[0][header.index("Trusts (code)")] = "9999"
    rows[0][header.index("Trusts (name)")] = "NEW TRUST"
    rows[2][header.index("EstablishmentStatus (name)")] = "Closed"

    result = import_gias(as_csv(header, rows), dry_run=True)

    changes = {change.urn: change.fields for change in result.changed}
    assert changes == {
        "138130": {
            "name": ("Example Academy", "Example Academy Renamed"),
            "trust": ("5711", "9999"),
        },
        "100001": {"open": ("yes", "no")},
    }
    assert (len(result.created), result.unchanged, result.trusts_created) == (0, 2, 1)
    assert School.objects.get(urn="138130").name == "Example Academy"


def test_a_real_run_applies_the_changes_and_keeps_what_gias_does_not_hold(hub_a):
    SchoolFactory(
        urn="100001",
        name="Old name",
        hub=hub_a,
        percent_sen=Decimal("14.00"),
        is_teaching_school=True,
    )

    result = import_gias(SAMPLE.read_bytes(), dry_run=False)

    school = School.objects.get(urn="100001")
    assert [change.urn for change in result.changed] == ["100001"]
    assert (school.name, school.pupils_on_roll) == ("Example Primary School", 210)
    assert (school.hub, school.percent_sen, school.is_teaching_school) == (
        hub_a,
        Decimal("14.00"),
        True,
    )


def test_the_history_of_a_changed_school_shows_its_hub_and_the_import(hub_a, central_team):
    SchoolFactory(urn="100001", name="Old name", hub=hub_a, percent_sen=Decimal("14.00"))

    import_gias(SAMPLE.read_bytes(), dry_run=False, user=central_team)

    latest = School.objects.get(urn="100001").history.first()
    assert (latest.name, latest.hub_id, latest.percent_sen) == (
        "Example Primary School",
        hub_a.id,
        Decimal("14.00"),
    )
    assert (latest.history_change_reason, latest.history_user) == ("GIAS import", central_team)


def test_a_report_card_is_kept_when_the_file_has_no_graded_outcome():
    SchoolFactory(
        urn="100002",
        ofsted_framework=OfstedFramework.REPORT_CARD_2025,
        ofsted_report_card={"leadership": "strong"},
        ofsted_inspection_date=datetime.date(2026, 1, 20),
    )

    import_gias(SAMPLE.read_bytes(), dry_run=False)

    school = School.objects.get(urn="100002")
    assert (school.ofsted_framework, school.ofsted_report_card) == (
        OfstedFramework.REPORT_CARD_2025,
        {"leadership": "strong"},
    )
    assert school.ofsted_inspection_date == datetime.date(2026, 1, 20)


def test_an_older_graded_outcome_in_the_file_never_replaces_a_later_inspection_held():
    # Ofsted's own history import gave 100001 a report card after the 2019 inspection GIAS shows.
    SchoolFactory(
        urn="100001",
        ofsted_framework=OfstedFramework.REPORT_CARD_2025,
        ofsted_report_card={"leadership": "strong"},
        ofsted_inspection_date=datetime.date(2026, 1, 20),
    )
    # 138130 holds a graded outcome older than the file's.
    SchoolFactory(
        urn="138130",
        ofsted_framework=OfstedFramework.GRADED_2019,
        ofsted_grade=OfstedGrade.GOOD,
        ofsted_inspection_date=datetime.date(2019, 6, 1),
    )

    import_gias(SAMPLE.read_bytes(), dry_run=False)

    held = School.objects.get(urn="100001")
    assert (held.ofsted_framework, held.ofsted_inspection_date) == (
        OfstedFramework.REPORT_CARD_2025,
        datetime.date(2026, 1, 20),
    )
    updated = School.objects.get(urn="138130")
    assert (updated.ofsted_grade, updated.ofsted_inspection_date) == (
        OfstedGrade.OUTSTANDING,
        datetime.date(2024, 1, 24),
    )


def test_a_column_an_older_file_lacks_leaves_that_field_of_a_held_school_alone():
    SchoolFactory(urn="100001", percent_fsm=Decimal("33.30"))
    header, rows = sample_rows()
    keep = [n for n, name in enumerate(header) if name != "PercentageFSM"]
    older = [[row[n] for n in keep] for row in [header, *rows]]

    import_gias(as_csv(older[0], older[1:]), dry_run=False)

    assert School.objects.get(urn="100001").percent_fsm == Decimal("33.30")


def test_a_closed_member_is_reported_by_a_dry_run_too(hub_a):
    SchoolFactory(urn="140134", name="Example School", hub=hub_a)

    result = import_gias(SAMPLE.read_bytes(), dry_run=True)

    assert result.closed_members == [("140134", "Example School", hub_a.name)]
    assert School.objects.get(urn="140134").is_open is True


@pytest.mark.parametrize(
    "column, value, reason",
    [
        ("URN", "1234567", "urn"),
        ("URN", "12345", "urn"),
        ("OfstedLastInsp", "31-02-2024", "OfstedLastInsp"),
        ("OfstedLastInsp", "24/01/2024", "OfstedLastInsp"),
        ("PercentageFSM", "150", "% FSM"),
        ("GOR (name)", "Wales", "region"),
    ],
)
def test_more_bad_values_are_refused_with_the_line_and_the_column(column, value, reason):
    result = import_gias(edited(column, value, row_index=1), dry_run=False)

    [(line, message)] = result.errors
    assert line == 3
    assert reason.lower() in message.lower()
    assert not School.objects.exists()


def test_a_bad_row_in_a_real_run_leaves_held_schools_as_they_were():
    SchoolFactory(urn="138130", name="Held name", pupils_on_roll=1)
    header, rows = sample_rows()
    rows[3][header.index("URN")] = "x"

    result = import_gias(as_csv(header, rows), dry_run=False)

    assert not result.applied
    assert School.objects.get(urn="138130").name == "Held name"
    assert School.objects.count() == 1


def test_a_urn_twice_in_the_file_is_a_bad_row():
    header, rows = sample_rows()
    rows[2][header.index("URN")] = "138130"

    result = import_gias(as_csv(header, rows), dry_run=False)

    assert result.errors == [(4, "URN 138130 appears twice (also on line 2).")]


def test_a_row_with_cells_missing_or_extra_is_a_bad_row():
    header, rows = sample_rows()
    rows[0] = rows[0][:-3]
    rows[2] = [*rows[2], "stray"]

    result = import_gias(as_csv(header, rows), dry_run=False)

    assert [line for line, _ in result.errors] == [2, 4]
    assert f"has {len(header) - 3} cells" in result.errors[0][1]
    assert not School.objects.exists()


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused():
    header, rows = sample_rows()
    # 0x81 is undefined in Windows-1252 and not valid UTF-8 on its own.
    data = as_csv(header, rows).replace(b"Example Academy", b"Example \x81cademy")

    result = import_gias(data, dry_run=False)

    assert result.errors[0][0] == 1
    assert "neither UTF-8 nor Windows-1252" in result.errors[0][1]
    assert not School.objects.exists()


def test_a_utf8_file_with_a_byte_order_mark_is_read():
    header, rows = sample_rows()
    rows[0][header.index("EstablishmentName")] = "Ysgol Gymraeg Llanfair Pwllgwyngyll"

    result = import_gias(b"\xef\xbb\xbf" + as_csv(header, rows), dry_run=False)

    assert result.ok
    assert School.objects.filter(name="Ysgol Gymraeg Llanfair Pwllgwyngyll").exists()


def test_an_unclosed_quote_is_reported_and_changes_nothing():
    header, rows = sample_rows()
    data = as_csv(header, rows) + b'"999999,"Open\r\n' + b"x" * 140_000

    result = import_gias(data, dry_run=False)

    assert not result.ok
    assert not School.objects.exists()


def test_a_refused_file_is_recorded_with_its_bad_rows(central_team):
    import_gias(edited("URN", "bad"), dry_run=False, file_name="edubase.csv", user=central_team)

    run = ImportRun.objects.get()
    assert (run.kind, run.file_name, run.bad_rows, run.created, run.run_by) == (
        ImportRun.Kind.GIAS,
        "edubase.csv",
        1,
        0,
        central_team,
    )
    assert run.summary.startswith("line 2: ")


def test_the_command_imports_and_reports_counts(capsys):
    call_command("import_gias", str(SAMPLE), verbosity=1)

    out = capsys.readouterr().out
    assert "4 to create, 0 to change, 0 unchanged, 1 skipped, 1 new trust(s)." in out
    assert School.objects.count() == 4


def test_the_command_fails_on_a_bad_file_and_names_every_bad_line(tmp_path, capsys):
    header, rows = sample_rows()
    rows[0][header.index("URN")] = "bad"
    rows[1][header.index("OfstedLastInsp")] = "2024-01-01"
    path = tmp_path / "bad.csv"
    path.write_bytes(as_csv(header, rows))

    with pytest.raises(CommandError, match="2 bad row"):
        call_command("import_gias", str(path))

    out = capsys.readouterr().out
    assert "line 2:" in out and "line 3:" in out
    assert not School.objects.exists()


def test_the_upload_page_dry_run_shows_each_change_and_changes_nothing(client_for, central_team):
    import_gias(SAMPLE.read_bytes(), dry_run=False)
    data = edited("NumberOfPupils", "0")

    response = upload(client_for(central_team), "hubs:gias_import", "gias.csv", data, "dry_run")

    page = response.content.decode()
    assert "Dry run: nothing changed yet" in page
    assert "<td>pupils</td><td>315</td><td>0</td>" in page
    assert School.objects.get(urn="138130").pupils_on_roll == 315


def test_the_upload_page_lists_every_bad_row(client_for, central_team):
    header, rows = sample_rows()
    rows[0][header.index("URN")] = ""
    rows[3][header.index("NumberOfPupils")] = "lots"
    data = as_csv(header, rows)

    response = upload(client_for(central_team), "hubs:gias_import", "gias.csv", data, "import")

    page = response.content.decode()
    assert "2 bad rows: nothing was changed" in page
    assert "<td>2</td>" in page and "<td>5</td>" in page
    assert not School.objects.exists()


def test_a_second_run_and_a_dry_run_write_no_history():
    import_gias(SAMPLE.read_bytes(), dry_run=False)
    after_first = School.history.count()

    import_gias(SAMPLE.read_bytes(), dry_run=False)
    import_gias(edited("NumberOfPupils", "400"), dry_run=True)

    assert after_first == 4
    assert School.history.count() == 4


def test_skipped_rows_are_counted_by_establishment_type(capsys):
    header, rows = sample_rows()
    university = next(row for row in rows if row[header.index("URN")] == "100003")
    welsh = list(university)
    welsh[header.index("URN")] = "100009"
    welsh[header.index("TypeOfEstablishment (name)")] = "Welsh establishment"
    welsh[header.index("EstablishmentTypeGroup (name)")] = "Welsh schools"
    second_university = list(university)
    second_university[header.index("URN")] = "100010"
    path_rows = [*rows, welsh, second_university]

    result = import_gias(as_csv(header, path_rows), dry_run=True)

    kind = university[header.index("TypeOfEstablishment (name)")]
    assert result.skipped_types == {kind: 2, "Welsh establishment": 1}
    assert f"  skipped 2: {kind}" in report_lines(result)


def test_a_dry_run_shows_choices_as_people_read_them():
    import_gias(SAMPLE.read_bytes(), dry_run=False)

    header, rows = sample_rows()
    rows[0][header.index("OfstedRating (name)")] = "Good"
    rows[0][header.index("OfstedLastInsp")] = "10-02-2025"

    result = import_gias(as_csv(header, rows), dry_run=True)

    [change] = result.changed
    assert change.fields["Ofsted grade"] == ("Outstanding", "Good")
