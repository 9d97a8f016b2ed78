"""Import of the DfE "Get Information About Schools" (GIAS) establishment extract.

Reads any published column set (only the columns below are needed), UTF-8 with or without a
BOM or Windows-1252, and DD-MM-YYYY dates. Each row is checked with the School model's own
validators and clean(); a file with any bad row changes nothing. Schools are matched by URN and
written with one bulk upsert per batch. Hub membership is never changed here.
"""

import codecs
import csv
import datetime
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, Region
from hubs.models import ImportRun, School, Trust

REQUIRED_COLUMNS = (
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "GOR (name)",
)
# Used when present; files from other years may lack some of them.
OPTIONAL_COLUMNS = (
    "EstablishmentTypeGroup (name)",
    "LA (name)",
    "Postcode",
    "NumberOfPupils",
    "PercentageFSM",
    "Trusts (code)",
    "Trusts (name)",
    "OfstedRating (name)",
    "OfstedLastInsp",
    "StatutoryLowAge",
    "StatutoryHighAge",
)

# The School fields an import writes. Hub, % SEN, teaching school and report cards are kept.
IMPORTED_FIELDS = (
    "name",
    "phase",
    "establishment_type",
    "governance",
    "trust_id",
    "local_authority",
    "region",
    "postcode",
    "pupils_on_roll",
    "percent_fsm",
    "ofsted_framework",
    "ofsted_grade",
    "ofsted_inspection_date",
    "is_open",
)
# Fields the import does not set are not checked row by row; trust and uniqueness are settled by
# the upsert itself.
CHECKED = {"urn", *IMPORTED_FIELDS} - {"trust_id"}
NOT_CHECKED = [f.name for f in School._meta.fields if f.name not in CHECKED]
UPDATE_FIELDS = [*IMPORTED_FIELDS, "postcode_compact"]

# Establishments the network never holds: universities, Welsh schools, children's centres …
SKIPPED_GROUPS = {
    "universities",
    "welsh schools",
    "children's centres",
    "online provider",
    "other types",
}

PHASES = {
    "nursery": Phase.NURSERY,
    "primary": Phase.PRIMARY,
    "middle deemed primary": Phase.MIDDLE,
    "middle deemed secondary": Phase.MIDDLE,
    "secondary": Phase.SECONDARY,
    "all-through": Phase.ALL_THROUGH,
    "16 plus": Phase.SIXTEEN_PLUS,
}
REGIONS = {label.lower(): value for value, label in Region.choices}
OFSTED_GRADES = {
    "outstanding": OfstedGrade.OUTSTANDING,
    "good": OfstedGrade.GOOD,
    "requires improvement": OfstedGrade.REQUIRES_IMPROVEMENT,
    # "Satisfactory" was renamed "Requires improvement" in 2012.
    "satisfactory": OfstedGrade.REQUIRES_IMPROVEMENT,
    "inadequate": OfstedGrade.INADEQUATE,
    "serious weaknesses": OfstedGrade.INADEQUATE,
    "special measures": OfstedGrade.INADEQUATE,
}
# For a school we already hold, a column the file lacks leaves its fields as they are.
COLUMN_FIELDS = {
    "LA (name)": ("local_authority",),
    "Postcode": ("postcode",),
    "NumberOfPupils": ("pupils_on_roll",),
    "PercentageFSM": ("percent_fsm",),
    "Trusts (code)": ("trust_code",),
    "OfstedRating (name)": ("ofsted_framework", "ofsted_grade", "ofsted_inspection_date"),
}
OFSTED_FIELDS = ("ofsted_framework", "ofsted_grade", "ofsted_inspection_date")
FIELD_LABELS = {
    "name": "name",
    "phase": "phase",
    "establishment_type": "type",
    "governance": "governance",
    "local_authority": "local authority",
    "region": "region",
    "postcode": "postcode",
    "is_open": "open",
    "trust_code": "trust",
    "pupils_on_roll": "pupils",
    "percent_fsm": "% FSM",
    "ofsted_framework": "Ofsted framework",
    "ofsted_grade": "Ofsted grade",
    "ofsted_inspection_date": "Ofsted date",
}
BATCH = 2000


class BadFile(Exception):
    """The file as a whole cannot be read: encoding, missing columns, or broken CSV."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


@dataclass
class BadRow:
    """A row whose cells do not line up with the header; read_rows yields it for the row."""

    reason: str


@dataclass
class Change:
    urn: str
    name: str
    fields: dict[str, tuple] = field(default_factory=dict)


@dataclass
class GiasResult:
    rows: int = 0
    created: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    # How many rows were skipped, by establishment type (TypeOfEstablishment), most first.
    skipped_types: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    closed_members: list[tuple[str, str, str]] = field(default_factory=list)
    trusts_created: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def skipped_by_type(self) -> list[tuple[str, int]]:
        return self.skipped_types.most_common()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252; anything else is unreadable."""
    if b"\x00" in data:
        raise BadFile("The file is not a CSV text file (it holds binary data or UTF-16 text).")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise BadFile(
            f"The file is neither UTF-8 nor Windows-1252 text (byte {error.start + 1})."
        ) from None


def read_rows(
    data: bytes, required: Iterable[str], optional: Iterable[str] = (), *, exact: bool = True
) -> tuple[list[str], Iterable[tuple[int, "dict | BadRow"]]]:
    """The header and (line number, row) pairs; line 1 is the header.

    A row with more cells than the header, or (with exact) fewer, comes as a BadRow: its values
    would land under the wrong columns, or be read as blanks that wipe what we hold. Blank lines
    are passed over. A CSV error the reader cannot get past raises BadFile with its line.
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        raise BadFile(f"Line 1 is not readable CSV ({error}).") from None
    missing = [name for name in required if name not in header]
    if missing:
        raise BadFile(f"Line 1: the file lacks the column(s) {', '.join(missing)}.")

    # Only the columns we use are kept: a national file has 140 columns and 25,000+ rows.
    wanted = [(name, header.index(name)) for name in (*required, *optional) if name in header]
    width = len(header)

    def rows():
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise BadFile(
                    f"Line {reader.line_num}: the CSV cannot be read past here ({error}).",
                    line=reader.line_num,
                ) from None
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > width or (exact and len(row) < width):
                yield (
                    reader.line_num,
                    BadRow(f"the row has {len(row)} cells but the header has {width}."),
                )
                continue
            yield (
                reader.line_num,
                {name: row[index].strip() if index < len(row) else "" for name, index in wanted},
            )

    return header, rows()


def parse_date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        # Sliced rather than strptime: it is five times faster over 50,000 rows.
        if len(value) != 10 or value[2] != "-" or value[5] != "-":
            raise ValueError
        return datetime.date(int(value[6:]), int(value[3:5]), int(value[:2]))
    except ValueError:
        raise ValueError(f"{column} '{value}' is not a date in DD-MM-YYYY form.") from None


def parse_int(value: str, column: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{column} '{value}' is not a whole number.") from None


def parse_percent(value: str, column: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{column} '{value}' is not a number.") from None


def phase_for(row: dict) -> str:
    name = row["PhaseOfEducation (name)"].lower()
    if name in PHASES:
        return PHASES[name]
    kind = row["TypeOfEstablishment (name)"].lower()
    group = row.get("EstablishmentTypeGroup (name)", "").lower()
    if group == "special schools" or "special" in kind:
        return Phase.SPECIAL
    if "pupil referral" in kind or "alternative provision" in kind:
        return Phase.ALTERNATIVE_PROVISION
    if group == "colleges" or "16-19" in kind or "16 to 19" in kind:
        return Phase.SIXTEEN_PLUS
    low = parse_int(row.get("StatutoryLowAge", ""), "StatutoryLowAge")
    high = parse_int(row.get("StatutoryHighAge", ""), "StatutoryHighAge")
    if low is None or high is None:
        raise ValueError(
            f"phase '{row['PhaseOfEducation (name)']}' cannot be mapped and there are no ages "
            "to tell it from."
        )
    if high <= 5:
        return Phase.NURSERY
    if high <= 11:
        return Phase.PRIMARY
    if low >= 16:
        return Phase.SIXTEEN_PLUS
    if low <= 7 and high >= 16:
        return Phase.ALL_THROUGH
    return Phase.SECONDARY


def governance_for(row: dict) -> str:
    kind = row["TypeOfEstablishment (name)"].lower()
    group = row.get("EstablishmentTypeGroup (name)", "").lower()
    if kind.startswith("academy") and "sponsor" in kind:
        return Governance.ACADEMY_SPONSORED
    if kind.startswith("academy"):
        return Governance.ACADEMY_CONVERTER
    if kind.startswith("free school") or "technical college" in kind or "studio school" in kind:
        return Governance.FREE_SCHOOL
    if "voluntary aided" in kind:
        return Governance.VOLUNTARY_AIDED
    if "voluntary controlled" in kind:
        return Governance.VOLUNTARY_CONTROLLED
    if kind.startswith("foundation"):
        return Governance.FOUNDATION
    if kind.startswith("community") or "pupil referral" in kind or "nursery school" in kind:
        return Governance.COMMUNITY
    if "independent" in kind or group == "independent schools":
        return Governance.INDEPENDENT
    return Governance.OTHER


def school_values(row: dict) -> dict:
    """The School field values a GIAS row gives; ValueError says why a value is unusable."""
    region_name = row["GOR (name)"]
    if region_name.lower() not in REGIONS:
        raise ValueError(f"region (GOR) '{region_name}' is not an English region.")
    rating = row.get("OfstedRating (name)", "")
    grade = OFSTED_GRADES.get(rating.lower(), "")
    return {
        "name": row["EstablishmentName"],
        "phase": phase_for(row),
        "establishment_type": row["TypeOfEstablishment (name)"],
        "governance": governance_for(row),
        "local_authority": row.get("LA (name)", ""),
        "region": REGIONS[region_name.lower()],
        "postcode": row.get("Postcode", ""),
        "pupils_on_roll": parse_int(row.get("NumberOfPupils", ""), "NumberOfPupils"),
        "percent_fsm": parse_percent(row.get("PercentageFSM", ""), "PercentageFSM"),
        "ofsted_framework": OfstedFramework.GRADED_2019 if grade else "",
        "ofsted_grade": grade,
        "ofsted_inspection_date": parse_date(row.get("OfstedLastInsp", ""), "OfstedLastInsp"),
        "is_open": row["EstablishmentStatus (name)"].lower().startswith("open"),
    }


def describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        parts = []
        for name, messages in error.message_dict.items():
            label = "row" if name == "__all__" else FIELD_LABELS.get(name, name)
            parts += [f"{label}: {message}" for message in messages]
        return "; ".join(parts)
    return "; ".join(error.messages)


def _existing(urns: list[str]) -> dict[str, dict]:
    existing = {}
    for start in range(0, len(urns), 5000):
        values = School.objects.filter(urn__in=urns[start : start + 5000]).values(
            "id", "urn", "hub__name", "trust__reference", *IMPORTED_FIELDS
        )
        existing.update({row["urn"]: row for row in values})
    return existing


def _newer_inspection(values: dict, held: dict) -> bool:
    """Whether the file's Ofsted columns describe a later inspection than the one held.

    GIAS carries only a graded outcome and its date. The school may hold a report card or a
    later inspection from Ofsted's own history import: an older or same-day outcome from GIAS
    never replaces it, and a row with no graded outcome keeps what is held.
    """
    if not values["ofsted_grade"]:
        return False
    held_on, file_on = held["ofsted_inspection_date"], values["ofsted_inspection_date"]
    return held_on is None or (file_on is not None and file_on > held_on)


def shown(name: str, value):
    """A value as people read it in a report: a choice's label, yes or no, a dash for nothing."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "—"
    if name in SCHOOL_CHOICES:
        return str(SCHOOL_CHOICES[name].get(value, value))
    return value


SCHOOL_CHOICES = {f.name: dict(f.flatchoices) for f in School._meta.fields if f.choices}


def _comparable(values: dict) -> dict:
    compared = {name: values[name] for name in IMPORTED_FIELDS if name != "trust_id"}
    compared["trust_code"] = values["trust_code"]
    return compared


def import_gias(
    data: bytes,
    *,
    dry_run: bool,
    file_name: str = "",
    user=None,
    progress: Callable[[Iterable, str], Iterable] = lambda rows, label: rows,
    run: ImportRun | None = None,
) -> GiasResult:
    """Check the whole file, then (unless a dry run, and only if every row is good) apply it."""
    result = GiasResult()
    try:
        header, rows = read_rows(data, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
        parsed = _parse(rows, result, progress)
    except BadFile as error:
        result.errors.append((error.line, str(error)))
    if result.errors:
        _record_run(result, dry_run, file_name, user, run)
        return result

    absent = [
        name for column, names in COLUMN_FIELDS.items() if column not in header for name in names
    ]
    existing = _existing([values["urn"] for _, values, _ in parsed])
    schools: list[School] = []
    for _, values, school in parsed:
        old = existing.get(values["urn"])
        if old:
            old["trust_code"] = old["trust__reference"] or ""
            kept = absent + list(OFSTED_FIELDS if not _newer_inspection(values, old) else ())
            for name in kept:
                values[name] = old[name]
                if name != "trust_code":
                    setattr(school, name, old[name])
            school.postcode_compact = school.postcode.replace(" ", "").upper()
        if old is None:
            result.created.append(Change(values["urn"], values["name"]))
            schools.append(school)
        else:
            new, before = _comparable(values), _comparable(old)
            fields = {
                FIELD_LABELS.get(name, name): (shown(name, before[name]), shown(name, new[name]))
                for name in new
                if before[name] != new[name]
            }
            if fields:
                result.changed.append(Change(values["urn"], values["name"], fields))
                school.pk = old["id"]
                schools.append(school)
            else:
                result.unchanged += 1
            if not values["is_open"] and old["hub__name"]:
                result.closed_members.append((values["urn"], values["name"], old["hub__name"]))

    trust_names = {values["trust_code"]: values["trust_name"] for _, values, _ in parsed}
    trust_names.pop("", None)
    known = set(Trust.objects.filter(reference__in=trust_names).values_list("reference", flat=True))
    result.trusts_created = len(set(trust_names) - known)
    if not dry_run:
        _apply(schools, parsed, trust_names, result, user)
    _record_run(result, dry_run, file_name, user, run)
    return result


def _record_run(result: GiasResult, dry_run: bool, file_name: str, user, run=None) -> None:
    # Refused files are recorded too: the central team can see who tried what, and why it failed.
    ImportRun.record(
        run,
        kind=ImportRun.Kind.GIAS,
        file_name=file_name[:255],
        dry_run=dry_run,
        run_by=user,
        created=0 if result.errors else len(result.created),
        changed=0 if result.errors else len(result.changed),
        unchanged=0 if result.errors else result.unchanged,
        bad_rows=len(result.errors),
        summary="\n".join(f"line {line}: {reason}" for line, reason in result.errors[:50]),
    )


def _parse(rows, result: GiasResult, progress) -> list[tuple[int, dict, School]]:
    parsed = []
    seen: dict[str, int] = {}
    for line, row in progress(rows, "Checking rows"):
        result.rows += 1
        if isinstance(row, BadRow):
            result.errors.append((line, row.reason))
            continue
        urn = row["URN"]
        group = row.get("EstablishmentTypeGroup (name)", "").lower()
        if group in SKIPPED_GROUPS and urn:
            result.skipped.append((line, urn, row.get("EstablishmentTypeGroup (name)", "")))
            result.skipped_types[row["TypeOfEstablishment (name)"] or "Type not given"] += 1
            continue
        if urn in seen:
            result.errors.append((line, f"URN {urn} appears twice (also on line {seen[urn]})."))
            continue
        if urn:
            seen[urn] = line
        try:
            values = school_values(row)
        except ValueError as error:
            result.errors.append((line, str(error)))
            continue
        school = School(urn=urn, **values)
        try:
            # The model's own rules: URN form, choices, percentages, Ofsted framework.
            school.full_clean(
                exclude=NOT_CHECKED, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            result.errors.append((line, describe(error)))
            continue
        values.update(
            urn=urn,
            postcode=school.postcode,
            trust_code=row.get("Trusts (code)", ""),
            trust_name=row.get("Trusts (name)", ""),
        )
        school.postcode_compact = school.postcode.replace(" ", "").upper()
        parsed.append((line, values, school))
    return parsed


@transaction.atomic
def _apply(schools: list[School], parsed, trust_names: dict, result: GiasResult, user) -> None:
    Trust.objects.bulk_create(
        [Trust(reference=code, name=name or code) for code, name in trust_names.items()],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    trust_ids = dict(Trust.objects.filter(reference__in=trust_names).values_list("reference", "id"))
    trust_of = {values["urn"]: values["trust_code"] for _, values, _ in parsed}
    for school in schools:
        school.trust_id = trust_ids.get(trust_of[school.urn])
    new = [school for school in schools if school.pk is None]
    School.objects.bulk_create(
        schools,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["urn"],
        update_fields=UPDATE_FIELDS,
    )
    # bulk_create writes no history; record it in bulk so the audit trail stays whole.
    new_ids = {id(school) for school in new}
    School.history.bulk_history_create(
        new, batch_size=BATCH, default_change_reason="GIAS import", default_user=user
    )
    # The upsert left hub, % SEN, report cards … as they were; the in-memory objects do not hold
    # them, so the history of a changed school is taken from the row as it now stands.
    changed_ids = [school.pk for school in schools if id(school) not in new_ids]
    School.history.bulk_history_create(
        [
            school
            for start in range(0, len(changed_ids), BATCH)
            for school in School.objects.filter(pk__in=changed_ids[start : start + BATCH])
        ],
        batch_size=BATCH,
        update=True,
        default_change_reason="GIAS import",
        default_user=user,
    )
    result.applied = True
