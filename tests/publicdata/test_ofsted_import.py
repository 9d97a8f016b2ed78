"""Ofsted's management-information CSV: every inspection kept under its framework."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from hubs.choices import OfstedFramework, OfstedGrade, ReportCardGrade
from hubs.models import ImportRun
from publicdata.imports import import_ofsted
from publicdata.models import Inspection
from tests.factories.hubs import SchoolFactory
from tests.factories.publicdata import SchoolLinkFactory
from tests.publicdata.published import OFSTED_HEADER, ofsted_row, published_csv

pytestmark = pytest.mark.django_db

GRADED = ofsted_row(
    "100001",
    "10211111",
    "12/03/2019",
    **{
        "Overall effectiveness": "1",
        "Quality of education": "1",
        "Behaviour and attitudes": "1",
        "Personal development": "2",
        "Effectiveness of leadership and management": "1",
        "Safeguarding is effective?": "Yes",
        "Early years provision (where applicable)": "2",
        "Sixth form provision (where applicable)": "9",
        "Publication date": "20/04/2019",
    },
)
UNGRADED = ofsted_row(
    "100001",
    "10222222",
    "05/10/2022",
    kind="S8 Inspection",
    **{"Overall effectiveness": "NULL", "Quality of education": "NULL"},
)
KEY_JUDGEMENTS = ofsted_row(
    "100001",
    "10233333",
    "14/01/2025",
    **{
        "Overall effectiveness": "Not judged",
        "Quality of education": "2",
        "Behaviour and attitudes": "2",
        "Personal development": "1",
        "Effectiveness of leadership and management": "2",
        "Safeguarding is effective?": "Yes",
    },
)
REPORT_CARD = ofsted_row(
    "100002",
    "10244444",
    "20/01/2026",
    kind="Report card inspection",
    **{
        "Inclusion": "Strong standard",
        "Curriculum and teaching": "Exceptional",
        "Achievement": "Expected standard",
        "Attendance and behaviour": "Strong standard",
        "Personal development and well-being": "Strong standard",
        "Leadership and governance": "Needs attention",
        "Early years": "",
        "Safeguarding": "Met",
    },
)


def file_of(*rows) -> bytes:
    return published_csv(OFSTED_HEADER, list(rows))


def test_every_inspection_is_kept_under_its_framework():
    result = import_ofsted(file_of(GRADED, UNGRADED, KEY_JUDGEMENTS, REPORT_CARD), dry_run=False)

    assert result.ok and result.applied
    assert result.created == 4
    graded = Inspection.objects.get(inspection_number="10211111")
    assert graded.framework == OfstedFramework.GRADED_2019
    assert graded.overall == OfstedGrade.OUTSTANDING
    assert graded.personal_development == OfstedGrade.GOOD
    assert graded.sixth_form == ""  # 9: no judgement, not a grade
    assert graded.safeguarding_met is True
    assert graded.publication_date == datetime.date(2019, 4, 20)
    ungraded = Inspection.objects.get(inspection_number="10222222")
    assert (ungraded.overall, ungraded.quality_of_education, ungraded.is_judged) == ("", "", False)
    key = Inspection.objects.get(inspection_number="10233333")
    assert key.overall == ""
    assert key.personal_development == OfstedGrade.OUTSTANDING
    card = Inspection.objects.get(inspection_number="10244444")
    assert card.framework == OfstedFramework.REPORT_CARD_2025
    assert card.report_card["curriculum"] == ReportCardGrade.EXCEPTIONAL
    assert card.report_card["leadership"] == ReportCardGrade.NEEDS_ATTENTION
    assert "early_years" not in card.report_card
    assert card.safeguarding_met is True


def test_a_second_run_changes_nothing_and_a_changed_row_is_updated():
    data = file_of(GRADED, REPORT_CARD)
    import_ofsted(data, dry_run=False)

    again = import_ofsted(data, dry_run=False)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)

    changed = import_ofsted(
        file_of({**GRADED, "Overall effectiveness": "2"}, REPORT_CARD), dry_run=False
    )
    assert (changed.created, changed.changed, changed.unchanged) == (0, 1, 1)
    assert Inspection.objects.get(inspection_number="10211111").overall == OfstedGrade.GOOD


def test_a_dry_run_reports_the_changes_and_changes_nothing():
    school = SchoolFactory(urn="100001")

    result = import_ofsted(file_of(GRADED, KEY_JUDGEMENTS), dry_run=True)

    assert result.ok and not result.applied
    assert result.created == 2
    assert "1 school(s) take a newer latest inspection." in result.notes
    assert not Inspection.objects.exists()
    school.refresh_from_db()
    assert school.ofsted_framework == ""
    assert ImportRun.objects.get(kind=ImportRun.Kind.OFSTED).dry_run


def test_bad_rows_are_listed_by_line_and_nothing_is_written():
    rows = [
        GRADED,
        {**UNGRADED, "URN": "12345"},
        {**KEY_JUDGEMENTS, "Quality of education": "Great"},
        {**REPORT_CARD, "Achievement": "Good", "Quality of education": ""},
        {**GRADED, "Inspection number": "10266666", "Inspection start date": "2019-13-45"},
        {**REPORT_CARD, "Inspection number": "10277777", "Quality of education": "2"},
        {**GRADED, "Inspection number": "10244444"},
    ]

    result = import_ofsted(file_of(*rows), dry_run=False)

    lines = [line for line, _ in result.errors]
    assert lines == [3, 4, 5, 6, 7, 8]
    assert "URN '12345'" in result.errors[0][1]
    assert "Quality of education 'Great'" in result.errors[1][1]
    assert "Achievement 'Good'" in result.errors[2][1]
    assert "Inspection start date '2019-13-45'" in result.errors[3][1]
    assert "both graded judgements and report card" in result.errors[4][1]
    assert "appears twice (also on line 5)" in result.errors[5][1]
    assert not Inspection.objects.exists()


def test_a_file_without_the_inspection_columns_is_refused():
    result = import_ofsted(b"URN,School name\r\n100001,A school\r\n", dry_run=False)

    assert result.errors == [
        (1, "Line 1: the file lacks the column(s) Inspection number, Inspection start date.")
    ]


def test_schools_take_their_latest_judged_inspection_under_its_framework():
    graded_school = SchoolFactory(urn="100001")
    card_school = SchoolFactory(urn="100002")

    import_ofsted(file_of(GRADED, UNGRADED, KEY_JUDGEMENTS, REPORT_CARD), dry_run=False)

    graded_school.refresh_from_db()
    # The ungraded visit of 2022 leaves the grade; the key-judgement inspection of 2025 is the
    # latest judged one, with no overall grade.
    assert graded_school.ofsted_framework == OfstedFramework.GRADED_2019
    assert graded_school.ofsted_grade == ""
    assert graded_school.ofsted_inspection_date == datetime.date(2025, 1, 14)
    card_school.refresh_from_db()
    assert card_school.ofsted_framework == OfstedFramework.REPORT_CARD_2025
    assert card_school.ofsted_grade == ""
    assert card_school.ofsted_report_card["curriculum"] == "exceptional"
    assert card_school.ofsted_safeguarding_met is True
    card_school.full_clean()  # the model's own rules still hold


def test_a_converted_academy_takes_its_predecessors_inspection_until_its_own():
    academy = SchoolFactory(urn="140001")
    SchoolLinkFactory(predecessor_urn="100001", successor_urn="140001")

    import_ofsted(file_of(GRADED), dry_run=False)

    academy.refresh_from_db()
    assert academy.ofsted_grade == OfstedGrade.OUTSTANDING
    own = ofsted_row("140001", "10255555", "01/12/2023", **{"Overall effectiveness": "3"})
    import_ofsted(file_of(GRADED, own), dry_run=False)
    academy.refresh_from_db()
    assert academy.ofsted_grade == OfstedGrade.REQUIRES_IMPROVEMENT


def test_the_command_imports_and_fails_on_a_bad_file(tmp_path, capsys):
    good = tmp_path / "all_inspections.csv"
    good.write_bytes(file_of(GRADED, REPORT_CARD))

    call_command("import_ofsted", str(good), verbosity=1)

    assert "2 created" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(file_of({**GRADED, "URN": "x"}))
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_ofsted", str(bad), verbosity=1)
    assert "line 2: URN 'x'" in capsys.readouterr().out


def test_progress_is_reported_for_checking_and_writing():
    labels = []

    def progress(rows, label):
        labels.append(label)
        return rows

    import_ofsted(file_of(GRADED, REPORT_CARD), dry_run=False, progress=progress)

    assert labels == ["Checking rows", "Writing inspections (2000 a batch)"]
