"""DfE performance tables KS2 and KS4 school-level CSVs: figures, markers and national rows."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from publicdata.imports import import_results
from publicdata.models import ExamResult, Measure, NationalResult
from tests.publicdata.published import KS2_HEADER, KS4_HEADER, published_csv

pytestmark = pytest.mark.django_db

KS2_ROWS = [
    {
        "RECTYPE": "1",
        "LEA": "352",
        "ESTAB": "2001",
        "URN": "100001",
        "SCHNAME": "Øak Primary",
        "TOWN": "Manchester",
        "TELIG": "58",
        "PTRWM_EXP": "72%",
        "PTRWM_HIGH": "9%",
    },
    {
        "RECTYPE": "1",
        "LEA": "352",
        "ESTAB": "2002",
        "URN": "100002",
        "SCHNAME": "Tiny Primary",
        "TOWN": "Manchester",
        "TELIG": "4",
        "PTRWM_EXP": "SUPP",
        "PTRWM_HIGH": "SUPP",
    },
    {
        "RECTYPE": "1",
        "LEA": "352",
        "ESTAB": "2003",
        "URN": "100003",
        "SCHNAME": "New Primary",
        "TOWN": "Manchester",
        "TELIG": "",
        "PTRWM_EXP": "",
        "PTRWM_HIGH": "",
    },
    {"RECTYPE": "4", "LEA": "352", "SCHNAME": "Manchester", "PTRWM_EXP": "58%"},
    {"RECTYPE": "5", "LEA": "", "SCHNAME": "England", "TELIG": "667000", "PTRWM_EXP": "61%"},
]
KS4_ROWS = [
    {
        "RECTYPE": "1",
        "LEA": "352",
        "URN": "100011",
        "SCHNAME": "High School",
        "TPUP": "180",
        "ATT8SCR": "48.3",
        "P8MEA": "0.21",
        "PTL2BASICS_95": "51%",
    },
    {
        "RECTYPE": "2",
        "LEA": "352",
        "URN": "100012",
        "SCHNAME": "Special School",
        "TPUP": "12",
        "ATT8SCR": "NE",
        "P8MEA": "NP",
        "PTL2BASICS_95": "LOWCOV",
    },
    {
        "RECTYPE": "1",
        "LEA": "352",
        "URN": "100013",
        "SCHNAME": "Small School",
        "TPUP": "6",
        "ATT8SCR": "x",
        "P8MEA": "SUPP",
        "PTL2BASICS_95": "0%",
    },
    {
        "RECTYPE": "5",
        "LEA": "",
        "SCHNAME": "England",
        "ATT8SCR": "45.9",
        "P8MEA": "-0.03",
        "PTL2BASICS_95": "45.9%",
    },
]


def figure(urn: str, measure: str) -> tuple:
    result = ExamResult.objects.get(urn=urn, academic_year=2023, measure=measure)
    return result.value, result.marker


def test_ks2_keeps_figures_markers_and_the_national_average():
    data = published_csv(KS2_HEADER, KS2_ROWS)

    result = import_results(data, key_stage=2, academic_year=2023, dry_run=False)

    assert result.ok and result.applied
    assert figure("100001", Measure.KS2_RWM_EXPECTED) == (Decimal("72.00"), "")
    # Suppressed is kept as a marker, never as zero; a blank cell records nothing.
    assert figure("100002", Measure.KS2_RWM_EXPECTED) == (None, "SUPP")
    assert not ExamResult.objects.filter(urn="100003").exists()
    national = NationalResult.objects.get(academic_year=2023, measure=Measure.KS2_RWM_EXPECTED)
    assert national.value == Decimal("61.00")
    assert result.skipped == {"local authority totals": 1}


def test_ks4_keeps_each_measure_and_its_markers():
    data = published_csv(KS4_HEADER, KS4_ROWS)

    result = import_results(data, key_stage=4, academic_year=2023, dry_run=False)

    assert result.ok
    assert figure("100011", Measure.KS4_ATTAINMENT_8) == (Decimal("48.30"), "")
    assert figure("100011", Measure.KS4_PROGRESS_8) == (Decimal("0.21"), "")
    assert figure("100012", Measure.KS4_ATTAINMENT_8) == (None, "NE")
    assert figure("100012", Measure.KS4_PROGRESS_8) == (None, "NP")
    assert figure("100012", Measure.KS4_ENGLISH_MATHS_5) == (None, "LOWCOV")
    assert figure("100013", Measure.KS4_ATTAINMENT_8) == (None, "x")
    # A real 0% is a figure, not a marker.
    assert figure("100013", Measure.KS4_ENGLISH_MATHS_5) == (Decimal("0.00"), "")
    assert NationalResult.objects.get(measure=Measure.KS4_PROGRESS_8).value == Decimal("-0.03")


def test_a_year_without_progress_8_imports_without_the_column():
    header = [name for name in KS4_HEADER if name != "P8MEA"]

    result = import_results(
        published_csv(header, KS4_ROWS), key_stage=4, academic_year=2024, dry_run=False
    )

    assert result.ok
    assert not ExamResult.objects.filter(measure=Measure.KS4_PROGRESS_8).exists()
    assert ExamResult.objects.filter(measure=Measure.KS4_ATTAINMENT_8).count() == 3


def test_a_second_run_changes_nothing_and_a_dry_run_writes_nothing():
    data = published_csv(KS4_HEADER, KS4_ROWS)
    dry = import_results(data, key_stage=4, academic_year=2023, dry_run=True)
    assert dry.created == 12 and not ExamResult.objects.exists()

    import_results(data, key_stage=4, academic_year=2023, dry_run=False)
    again = import_results(data, key_stage=4, academic_year=2023, dry_run=False)

    assert (again.created, again.changed, again.unchanged) == (0, 0, 12)
    rows = [dict(row) for row in KS4_ROWS]
    rows[2]["ATT8SCR"] = "31.5"  # a revised figure replaces the marker
    revised = import_results(
        published_csv(KS4_HEADER, rows), key_stage=4, academic_year=2023, dry_run=False
    )
    assert (revised.created, revised.changed) == (0, 1)
    assert figure("100013", Measure.KS4_ATTAINMENT_8) == (Decimal("31.50"), "")


def test_bad_figures_are_listed_by_line_and_nothing_is_written():
    rows = [dict(row) for row in KS4_ROWS]
    rows[0]["ATT8SCR"] = "forty"
    rows[1]["URN"] = "12"
    rows.append(dict(KS4_ROWS[0]))

    result = import_results(
        published_csv(KS4_HEADER, rows), key_stage=4, academic_year=2023, dry_run=False
    )

    assert [line for line, _ in result.errors] == [2, 3, 6]
    assert "ATT8SCR 'forty' is neither a number nor a published marker" in result.errors[0][1]
    assert "appears twice" in result.errors[2][1]
    assert not ExamResult.objects.exists()
    assert not NationalResult.objects.exists()


def test_the_command_takes_the_key_stage_and_year(tmp_path, capsys):
    path = tmp_path / "england_ks2final.csv"
    path.write_bytes(published_csv(KS2_HEADER, KS2_ROWS))

    call_command("import_results", str(path), key_stage=2, year=2023, verbosity=1)

    assert "3 created" in capsys.readouterr().out
    assert ExamResult.objects.filter(academic_year=2023).count() == 2
