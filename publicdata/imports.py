"""Imports of published data: GIAS links, Ofsted inspections, KS2 and KS4 results.

Every import follows the GIAS import's rules (hubs/gias.py, whose CSV reader it shares): the
whole file is checked first and a file with any bad row changes nothing, listing every bad row
with its line number; a dry run does the whole import inside a transaction and rolls it back,
so it reports exactly what the import would do; rows are upserted on their published key and
only rows that differ are written, so a second run of the same file changes nothing. Each is a
plain function `import_<x>(data, *, dry_run, progress=…) -> ImportResult`, so it can be run from
a page, a command or a background job alike.
"""

import datetime
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, connection, models, transaction

from hubs.choices import OfstedFramework, OfstedGrade, ReportCardArea, ReportCardGrade
from hubs.gias import BadFile, BadRow, read_rows
from hubs.imports import PAGE_ERRORS
from hubs.models import ImportRun, School
from publicdata.models import (
    GRADE_FIELDS,
    MARKERS,
    ExamResult,
    Inspection,
    Measure,
    NationalResult,
    SchoolLink,
)
from publicdata.services import school_history_carry_over

BATCH = 2000
SAMPLE = 200
Progress = Callable[[Iterable, str], Iterable]


def no_progress(rows: Iterable, label: str) -> Iterable:
    return rows


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def skipped_counts(self) -> list[tuple[str, int]]:
        return self.skipped.most_common()

    def sample(self, text: str) -> None:
        if len(self.samples) < SAMPLE:
            self.samples.append(text)

    def report_lines(self, limit: int | None = 50) -> list[str]:
        if self.errors:
            return [f"{len(self.errors)} bad row(s); nothing was changed:"] + [
                f"  line {line}: {reason}" for line, reason in self.errors
            ]
        verb = "" if self.applied else "to be "
        lines = [
            f"{self.rows} rows: {self.created} {verb}created, {self.changed} {verb}changed, "
            f"{self.unchanged} unchanged, {sum(self.skipped.values())} skipped."
        ]
        lines += [f"  skipped {count}: {reason}" for reason, count in self.skipped.most_common()]
        lines += [f"  {note}" for note in self.notes[:limit]]
        lines += [f"  {text}" for text in self.samples[:limit]]
        return lines


# ---------------------------------------------------------------- values as published


def parse_day(value: str, column: str) -> datetime.date | None:
    """DD/MM/YYYY or DD-MM-YYYY (as Ofsted and GIAS publish) or YYYY-MM-DD; blank is None."""
    if not value or value.upper() == "NULL":
        return None
    try:
        if len(value) == 10 and value[4] == "-":
            return datetime.date.fromisoformat(value)
        if len(value) == 10 and value[2] in "/-" and value[5] == value[2]:
            return datetime.date(int(value[6:]), int(value[3:5]), int(value[:2]))
    except ValueError:
        pass
    raise ValueError(f"{column} '{value}' is not a date (DD/MM/YYYY).")


def parse_urn(value: str, column: str = "URN") -> str:
    if len(value) == 6 and value.isdigit():
        return value
    raise ValueError(f"{column} '{value}' is not a URN (6 digits).")


def parse_figure(value: str, column: str) -> tuple[Decimal | None, str] | None:
    """A published figure as (value, "") or (None, marker); None when the cell is blank."""
    if not value:
        return None
    marker = value if value in MARKERS else value.upper()
    if marker in MARKERS:
        return None, marker
    try:
        number = Decimal(value.removesuffix("%").strip())
    except InvalidOperation:
        raise ValueError(
            f"{column} '{value}' is neither a number nor a published marker ({', '.join(MARKERS)})."
        ) from None
    if not number.is_finite() or abs(number) >= 100000:
        raise ValueError(f"{column} '{value}' is out of range.")
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ""


def _record(result: ImportResult, kind: str, dry_run: bool, file_name: str, user, run=None) -> None:
    """Records the run in hubs' import log: on the page's queued run, or as a new run."""
    ok = result.ok
    ImportRun.record(
        run,
        kind=kind,
        file_name=file_name[:255],
        dry_run=dry_run,
        run_by=user if getattr(user, "pk", None) else None,
        created=result.created if ok else 0,
        changed=result.changed if ok else 0,
        unchanged=result.unchanged if ok else 0,
        bad_rows=len(result.errors),
        summary="\n".join(f"line {line}: {reason}" for line, reason in result.errors[:50]),
    )


def result_for_page(result: ImportResult) -> dict:
    """An import's outcome as plain data for its run page (kept with the run, as JSON)."""
    return {
        "ok": result.ok,
        "applied": result.applied,
        "errors": [list(error) for error in result.errors[:PAGE_ERRORS]],
        "error_count": len(result.errors),
        "rows": result.rows,
        "created": result.created,
        "changed": result.changed,
        "unchanged": result.unchanged,
        "skipped_counts": [list(row) for row in result.skipped_counts],
        "notes": result.notes[:SAMPLE],
        "samples": result.samples,
    }


def _read(data: bytes, required, optional, result: ImportResult, progress: Progress):
    """(line, row) pairs of a readable file; bad rows and an unreadable file become errors."""
    try:
        header, rows = read_rows(data, required, optional)
        for line, row in progress(rows, "Checking rows"):
            result.rows += 1
            if isinstance(row, BadRow):
                result.errors.append((line, row.reason))
                continue
            yield line, header, row
    except BadFile as error:
        result.errors.append((error.line, str(error)))


def _upsert(
    model: type[models.Model],
    keys: tuple[str, ...],
    fields: tuple[str, ...],
    wanted: dict[tuple, dict],
    existing: Iterable[dict],
    result: ImportResult,
    describe: Callable[[tuple], str],
    progress: Progress = no_progress,
) -> None:
    """Write the rows that are new or differ from what is held, on the published key."""
    held = {tuple(row[name] for name in keys): row for row in existing}
    write = []
    for key, values in wanted.items():
        old = held.get(key)
        if old is None:
            result.created += 1
            result.sample(f"new {describe(key)}")
        elif any(old[name] != values[name] for name in fields):
            result.changed += 1
            changes = ", ".join(
                f"{name} {old[name]!s} → {values[name]!s}"
                for name in fields
                if old[name] != values[name]
            )
            result.sample(f"change {describe(key)}: {changes}")
        else:
            result.unchanged += 1
            continue
        write.append(model(**dict(zip(keys, key, strict=True)), **values))
    label = f"Writing {model._meta.verbose_name_plural} ({BATCH} a batch)"
    for start in progress(range(0, len(write), BATCH), label):
        model.objects.bulk_create(
            write[start : start + BATCH],
            update_conflicts=True,
            unique_fields=list(keys),
            update_fields=list(fields),
        )


def _any(queryset, field: str, values):
    """queryset filtered to field = ANY(one array): an IN list of 100,000 parameters costs more
    to build and send than the query costs to run."""
    column = queryset.model._meta.get_field(field).column
    table = queryset.model._meta.db_table
    return queryset.extra(where=[f'"{table}"."{column}" = ANY(%s)'], params=[list(values)])


def _in_chunks(values: list, size: int = 10000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


# ---------------------------------------------------------------- GIAS links

LINK_COLUMNS = ("URN", "LinkURN", "LinkType")
LINK_OPTIONAL = ("LinkName", "LinkEstablishedDate")


def link_kind(link_type: str) -> str:
    text = link_type.lower()
    if "split" in text:
        return SchoolLink.Kind.SPLIT
    if "amalgamat" in text:
        return SchoolLink.Kind.AMALGAMATED
    if "merge" in text:
        return SchoolLink.Kind.MERGED
    if text.startswith(("predecessor", "successor")):
        return SchoolLink.Kind.SUCCESSOR
    return SchoolLink.Kind.OTHER


def link_ends(urn: str, link_urn: str, link_type: str) -> tuple[str, str]:
    """(predecessor, successor). "Predecessor" on a row names the row's predecessor;
    "Successor" and "Result of Amalgamation" name what the row's school became. A link of
    no direction (e.g. "Sixth form centre link") is kept once, lower URN first."""
    text = link_type.lower()
    if text.startswith("predecessor"):
        return link_urn, urn
    if text.startswith(("successor", "result of")):
        return urn, link_urn
    return min(urn, link_urn), max(urn, link_urn)


def import_links(
    data: bytes,
    *,
    dry_run: bool,
    file_name: str = "",
    user=None,
    run: ImportRun | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Load the GIAS links file and carry each school's history over to its successor URN."""
    result = ImportResult("links")
    wanted: dict[tuple, dict] = {}
    lines: dict[tuple, int] = {}
    for line, _, row in _read(data, LINK_COLUMNS, LINK_OPTIONAL, result, progress):
        try:
            urn = parse_urn(row["URN"])
            link_urn = parse_urn(row["LinkURN"], "LinkURN")
            if urn == link_urn:
                raise ValueError(f"URN {urn} is linked to itself.")
            link_type = row["LinkType"]
            if not link_type:
                raise ValueError("LinkType is blank.")
            established = parse_day(row.get("LinkEstablishedDate", ""), "LinkEstablishedDate")
        except ValueError as error:
            result.errors.append((line, str(error)))
            continue
        key = link_ends(urn, link_urn, link_type)
        if key in wanted:
            # GIAS lists each link from both ends; the second is the same link seen backwards.
            result.skipped["the other end of a link already read"] += 1
            if wanted[key]["established_on"] is None:
                wanted[key]["established_on"] = established
            continue
        wanted[key] = {
            "kind": link_kind(link_type),
            "link_type": link_type[:100],
            "established_on": established,
        }
        lines[key] = line
    if result.errors:
        _record(result, ImportRun.Kind.LINKS, dry_run, file_name, user, run)
        return result

    with transaction.atomic():
        keys = list(wanted)
        existing = _any(SchoolLink.objects, "predecessor_urn", {p for p, _ in keys}).values(
            "predecessor_urn", "successor_urn", "kind", "link_type", "established_on"
        )
        existing = [
            row for row in existing if (row["predecessor_urn"], row["successor_urn"]) in wanted
        ]
        _upsert(
            SchoolLink,
            ("predecessor_urn", "successor_urn"),
            ("kind", "link_type", "established_on"),
            wanted,
            existing,
            result,
            lambda key: f"link {key[0]} → {key[1]}",
            progress,
        )
        _carry_over(wanted, lines, result)
        carried = SchoolLink.Kind.carried_over()
        linked = {urn for key, values in wanted.items() if values["kind"] in carried for urn in key}
        if updated := latest_inspections_update(linked):
            result.notes.append(f"{updated} school(s) take their predecessor's latest inspection.")
        if dry_run:
            transaction.set_rollback(True)
        else:
            result.applied = True
    _record(result, ImportRun.Kind.LINKS, dry_run, file_name, user, run)
    return result


def _carry_over(wanted: dict[tuple, dict], lines: dict[tuple, int], result: ImportResult) -> None:
    """Move the records of each held predecessor onto its one held successor, oldest first."""
    carried = [
        key for key, values in wanted.items() if values["kind"] in SchoolLink.Kind.carried_over()
    ]
    if not carried:
        return
    predecessors = {p for p, _ in carried}
    successors_of = Counter(
        SchoolLink.objects.filter(
            predecessor_urn__in=predecessors, kind__in=SchoolLink.Kind.carried_over()
        ).values_list("predecessor_urn", flat=True)
    )
    urns = predecessors | {s for _, s in carried}
    schools = {school.urn: school for school in School.objects.filter(urn__in=urns)}
    order = sorted(
        carried, key=lambda key: (wanted[key]["established_on"] or datetime.date.max, key)
    )
    for predecessor_urn, successor_urn in order:
        predecessor = schools.get(predecessor_urn)
        if predecessor is None:
            continue
        successor = schools.get(successor_urn)
        if successor is None:
            result.notes.append(
                f"{predecessor_urn} → {successor_urn}: the successor is not held yet; import "
                "it from GIAS and run this file again to carry the history over."
            )
            continue
        if successors_of[predecessor_urn] > 1:
            result.notes.append(
                f"{predecessor_urn} has more than one successor; its history stays with it."
            )
            continue
        try:
            with transaction.atomic():
                moved = school_history_carry_over(predecessor=predecessor, successor=successor)
        except IntegrityError as error:
            line = lines[(predecessor_urn, successor_urn)]
            result.notes.append(
                f"line {line}: the history of {predecessor_urn} was not carried over to "
                f"{successor_urn}: {str(error).splitlines()[0]}"
            )
            continue
        if moved:
            result.notes.append(
                f"{moved} record(s) of {predecessor.name} ({predecessor_urn}) carried over to "
                f"{successor.name} ({successor_urn})."
            )


# ---------------------------------------------------------------- Ofsted inspections

OFSTED_COLUMNS = ("URN", "Inspection number", "Inspection start date")
GRADED_COLUMNS = {
    "overall": "Overall effectiveness",
    "quality_of_education": "Quality of education",
    "behaviour_and_attitudes": "Behaviour and attitudes",
    "personal_development": "Personal development",
    "leadership_and_management": "Effectiveness of leadership and management",
    "early_years": "Early years provision (where applicable)",
    "sixth_form": "Sixth form provision (where applicable)",
}
REPORT_CARD_COLUMNS = {
    ReportCardArea.INCLUSION: "Inclusion",
    ReportCardArea.CURRICULUM: "Curriculum and teaching",
    ReportCardArea.ACHIEVEMENT: "Achievement",
    ReportCardArea.ATTENDANCE: "Attendance and behaviour",
    ReportCardArea.PERSONAL_DEVELOPMENT: "Personal development and well-being",
    ReportCardArea.LEADERSHIP: "Leadership and governance",
    ReportCardArea.EARLY_YEARS: "Early years",
    ReportCardArea.SIXTH_FORM: "Sixth form",
}
OFSTED_OPTIONAL = (
    "Inspection type",
    "Publication date",
    "Safeguarding is effective?",
    "Safeguarding",
    *GRADED_COLUMNS.values(),
    *REPORT_CARD_COLUMNS.values(),
)
# No judgement: blank, Ofsted's 9 and NULL, and the words used since September 2024.
NOT_JUDGED = {"", "9", "null", "not judged", "not applicable", "n/a", "na", ".", "-"}
GRADES = {
    "1": OfstedGrade.OUTSTANDING,
    "2": OfstedGrade.GOOD,
    "3": OfstedGrade.REQUIRES_IMPROVEMENT,
    "4": OfstedGrade.INADEQUATE,
    **{label.lower(): value for value, label in OfstedGrade.choices},
}
CARD_GRADES = {label.lower(): value for value, label in ReportCardGrade.choices}
SAFEGUARDING = {"yes": True, "met": True, "no": False, "not met": False}
INSPECTION_FIELDS = (
    "urn",
    "inspection_type",
    "start_date",
    "publication_date",
    "framework",
    *GRADE_FIELDS,
    "report_card",
    "safeguarding_met",
)


def inspection_values(row: dict) -> dict:
    values = {
        "urn": parse_urn(row["URN"]),
        "inspection_type": row.get("Inspection type", "")[:100],
        "start_date": parse_day(row["Inspection start date"], "Inspection start date"),
        "publication_date": parse_day(row.get("Publication date", ""), "Publication date"),
    }
    if values["start_date"] is None:
        raise ValueError("Inspection start date is blank.")
    for name, column in GRADED_COLUMNS.items():
        cell = row.get(column, "")
        if cell.lower() in NOT_JUDGED:
            values[name] = ""
        elif cell.lower() in GRADES:
            values[name] = GRADES[cell.lower()]
        else:
            raise ValueError(f"{column} '{cell}' is not a grade (1–4 or its name).")
    card = {}
    for area, column in REPORT_CARD_COLUMNS.items():
        cell = row.get(column, "")
        if cell.lower() in NOT_JUDGED:
            continue
        if cell.lower() not in CARD_GRADES:
            raise ValueError(f"{column} '{cell}' is not a report card grade.")
        card[str(area)] = CARD_GRADES[cell.lower()]
    values["report_card"] = card
    cell = row.get("Safeguarding", "") or row.get("Safeguarding is effective?", "")
    if cell.lower() in NOT_JUDGED:
        values["safeguarding_met"] = None
    elif cell.lower() in SAFEGUARDING:
        values["safeguarding_met"] = SAFEGUARDING[cell.lower()]
    else:
        raise ValueError(f"Safeguarding '{cell}' is neither met (Yes) nor not met (No).")
    graded = any(values[name] for name in GRADE_FIELDS)
    if card and graded:
        raise ValueError("the row has both graded judgements and report card grades.")
    values["framework"] = OfstedFramework.REPORT_CARD_2025 if card else OfstedFramework.GRADED_2019
    return values


def import_ofsted(
    data: bytes,
    *,
    dry_run: bool,
    file_name: str = "",
    user=None,
    run: ImportRun | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Load Ofsted's management-information CSV: every inspection, each under its framework."""
    result = ImportResult("ofsted")
    wanted: dict[tuple, dict] = {}
    seen: dict[str, int] = {}
    for line, _, row in _read(data, OFSTED_COLUMNS, OFSTED_OPTIONAL, result, progress):
        number = row["Inspection number"]
        if not number:
            result.errors.append((line, "Inspection number is blank."))
            continue
        if number in seen:
            result.errors.append(
                (line, f"inspection {number} appears twice (also on line {seen[number]}).")
            )
            continue
        seen[number] = line
        try:
            wanted[(number[:20],)] = inspection_values(row)
        except ValueError as error:
            result.errors.append((line, str(error)))
    if result.errors:
        _record(result, ImportRun.Kind.OFSTED, dry_run, file_name, user, run)
        return result

    with transaction.atomic():
        existing = _any(Inspection.objects, "inspection_number", [n for (n,) in wanted]).values(
            "inspection_number", *INSPECTION_FIELDS
        )
        _upsert(
            Inspection,
            ("inspection_number",),
            INSPECTION_FIELDS,
            wanted,
            existing,
            result,
            lambda key: f"inspection {key[0]} of {wanted[key]['urn']}",
            progress,
        )
        updated = latest_inspections_update({values["urn"] for values in wanted.values()})
        if updated:
            result.notes.append(f"{updated} school(s) take a newer latest inspection.")
        if dry_run:
            transaction.set_rollback(True)
        else:
            result.applied = True
    _record(result, ImportRun.Kind.OFSTED, dry_run, file_name, user, run)
    return result


LATEST_FIELDS = (
    "ofsted_framework",
    "ofsted_grade",
    "ofsted_report_card",
    "ofsted_safeguarding_met",
    "ofsted_inspection_date",
)


def latest_inspections_update(urns: set[str]) -> int:
    """Set each held school's Ofsted fields from its latest judged inspection.

    A school not yet inspected under its URN takes its predecessors' latest (as Ofsted's own
    statistics do after an academy conversion). Ungraded inspections leave the grade as it
    is. The fields say which framework the grade is from, so the directory and matching never
    compare grades across frameworks. Returns how many schools changed.
    """
    carried = SchoolLink.Kind.carried_over()
    links = SchoolLink.objects.filter(kind__in=carried)
    # The schools these URNs are, or became.
    targets = set(urns)
    targets.update(_any(links, "predecessor_urn", urns).values_list("successor_urn", flat=True))
    schools = {
        school.urn: school
        for school in _any(School.objects, "urn", targets).only("urn", *LATEST_FIELDS)
    }
    predecessors: dict[str, list[str]] = {}
    for predecessor, successor in _any(links, "successor_urn", schools).values_list(
        "predecessor_urn", "successor_urn"
    ):
        predecessors.setdefault(successor, []).append(predecessor)
    wanted = set(schools) | {urn for urns in predecessors.values() for urn in urns}
    latest = {
        row["urn"]: row
        for row in _any(Inspection.objects.judged(), "urn", wanted)
        .order_by("urn", "-start_date", "-inspection_number")
        .distinct("urn")
        .values("urn", "start_date", "framework", "overall", "report_card", "safeguarding_met")
    }
    changed = []
    for urn, school in schools.items():
        inspection = latest.get(urn)
        if inspection is None:
            earlier = [latest[p] for p in predecessors.get(urn, []) if p in latest]
            inspection = max(earlier, key=lambda i: i["start_date"], default=None)
        if inspection is None:
            continue
        values = {
            "ofsted_framework": inspection["framework"],
            "ofsted_grade": inspection["overall"],
            "ofsted_report_card": inspection["report_card"],
            "ofsted_safeguarding_met": inspection["safeguarding_met"],
            "ofsted_inspection_date": inspection["start_date"],
        }
        if any(getattr(school, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(school, name, value)
            changed.append(school)
    _update_latest(changed)
    if changed:
        ids = [school.pk for school in changed]
        School.history.bulk_history_create(
            [s for chunk in _in_chunks(ids, BATCH) for s in School.objects.filter(pk__in=chunk)],
            batch_size=BATCH,
            update=True,
            default_change_reason="Ofsted import",
        )
    return len(changed)


UPDATE_LATEST_SQL = """
UPDATE hubs_school AS school SET
    ofsted_framework = latest.framework,
    ofsted_grade = latest.grade,
    ofsted_report_card = latest.card::jsonb,
    ofsted_safeguarding_met = latest.safeguarding,
    ofsted_inspection_date = latest.inspected
FROM (
    SELECT unnest(%s::bigint[]) AS id, unnest(%s::text[]) AS framework,
           unnest(%s::text[]) AS grade, unnest(%s::text[]) AS card,
           unnest(%s::boolean[]) AS safeguarding, unnest(%s::date[]) AS inspected
) AS latest
WHERE school.id = latest.id
"""


def _update_latest(schools: list[School]) -> None:
    """One UPDATE from arrays per batch: bulk_update's CASE per row is quadratic in the batch."""
    for start in range(0, len(schools), 10 * BATCH):
        batch = schools[start : start + 10 * BATCH]
        with connection.cursor() as cursor:
            cursor.execute(
                UPDATE_LATEST_SQL,
                [
                    [s.pk for s in batch],
                    [s.ofsted_framework for s in batch],
                    [s.ofsted_grade for s in batch],
                    [json.dumps(s.ofsted_report_card or {}) for s in batch],
                    [s.ofsted_safeguarding_met for s in batch],
                    [s.ofsted_inspection_date for s in batch],
                ],
            )


# ---------------------------------------------------------------- KS2 and KS4 results

RESULT_COLUMNS = {
    2: {Measure.KS2_RWM_EXPECTED: "PTRWM_EXP"},
    4: {
        Measure.KS4_ATTAINMENT_8: "ATT8SCR",
        Measure.KS4_PROGRESS_8: "P8MEA",
        Measure.KS4_ENGLISH_MATHS_5: "PTL2BASICS_95",
    },
}
# Progress 8 was not published for 2019-20 to 2021-22 nor from 2024-25: it may be absent.
OPTIONAL_MEASURES = {Measure.KS4_PROGRESS_8}


def import_results(
    data: bytes,
    *,
    key_stage: int,
    academic_year: int,
    dry_run: bool,
    file_name: str = "",
    user=None,
    run: ImportRun | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Load a performance tables school-level CSV (england_ks2final / england_ks4final).

    Rows with a URN are schools; the row with neither URN nor local authority (LEA) is England,
    whose figures are kept as the national average for the year; local authority totals are
    skipped. Markers such as SUPP, NE, NP, LOWCOV and x are kept as markers, never as zero; a
    blank cell records nothing.
    """
    kind = ImportRun.Kind.KS2 if key_stage == 2 else ImportRun.Kind.KS4
    result = ImportResult(str(kind))
    columns = RESULT_COLUMNS[key_stage]
    required = ["URN"] + [c for m, c in columns.items() if m not in OPTIONAL_MEASURES]
    optional = ["LEA", "RECTYPE"] + [c for m, c in columns.items() if m in OPTIONAL_MEASURES]
    schools: dict[tuple, dict] = {}
    national: dict[tuple, dict] = {}
    seen: dict[str, int] = {}
    for line, header, row in _read(data, required, optional, result, progress):
        urn = row["URN"]
        if urn and urn in seen:
            result.errors.append((line, f"URN {urn} appears twice (also on line {seen[urn]})."))
            continue
        if urn:
            seen[urn] = line
        try:
            if urn:
                parse_urn(urn)
            figures = {
                measure: parse_figure(row[column], column)
                for measure, column in columns.items()
                if column in header
            }
        except ValueError as error:
            result.errors.append((line, str(error)))
            continue
        if urn:
            target = schools
        elif row.get("LEA", ""):
            result.skipped["local authority totals"] += 1
            continue
        elif national:
            result.skipped["further national rows (the first is kept)"] += 1
            continue
        else:
            target = national
        for measure, figure in figures.items():
            if figure is None:
                continue
            value, marker = figure
            key = (urn, academic_year, str(measure)) if urn else (academic_year, str(measure))
            target[key] = {"value": value, "marker": marker}
    if not result.errors and not schools:
        result.errors.append((1, "The file holds no school rows."))
    if result.errors:
        _record(result, kind, dry_run, file_name, user, run)
        return result
    measures = [str(m) for m in columns]
    with transaction.atomic():
        _upsert(
            ExamResult,
            ("urn", "academic_year", "measure"),
            ("value", "marker"),
            schools,
            ExamResult.objects.filter(academic_year=academic_year, measure__in=measures).values(
                "urn", "academic_year", "measure", "value", "marker"
            ),
            result,
            lambda key: f"{key[0]} {Measure(key[2]).label}",
            progress,
        )
        if national:
            _upsert(
                NationalResult,
                ("academic_year", "measure"),
                ("value", "marker"),
                national,
                NationalResult.objects.filter(
                    academic_year=academic_year, measure__in=measures
                ).values("academic_year", "measure", "value", "marker"),
                result,
                lambda key: f"England {Measure(key[1]).label}",
            )
        else:
            result.notes.append("The file has no national row; national figures are unchanged.")
        if dry_run:
            transaction.set_rollback(True)
        else:
            result.applied = True
    _record(result, kind, dry_run, file_name, user, run)
    return result


def import_ks2(data: bytes, *, academic_year: int, dry_run: bool, **kwargs) -> ImportResult:
    return import_results(data, key_stage=2, academic_year=academic_year, dry_run=dry_run, **kwargs)


def import_ks4(data: bytes, *, academic_year: int, dry_run: bool, **kwargs) -> ImportResult:
    return import_results(data, key_stage=4, academic_year=academic_year, dry_run=dry_run, **kwargs)
