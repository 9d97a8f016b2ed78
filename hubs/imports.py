"""Import of hub memberships from a CSV (URN, hub), and plain-text reports of import results.

The membership import follows the GIAS import's rules: the whole file is checked first, any bad
row changes nothing, and a second run of the same file changes nothing. Joins and moves go
through the membership services, which keep School.hub in step.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.formats import date_format

from hubs import services
from hubs.gias import BadFile, BadRow, GiasResult, read_rows
from hubs.models import Hub, ImportRun, Membership, School, urn_validator


@dataclass
class MembershipRow:
    line: int
    school: School
    hub: Hub
    joined_on: datetime.date

    @property
    def action(self) -> str:
        return "join" if self.school.hub_id is None else "move"


@dataclass
class MembershipResult:
    rows: int = 0
    joins: list[MembershipRow] = field(default_factory=list)
    moves: list[MembershipRow] = field(default_factory=list)
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_day(value: str) -> datetime.date:
    for form in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise ValueError(f"joined_on '{value}' is not a date (DD-MM-YYYY).")


def import_memberships(
    data: bytes,
    *,
    dry_run: bool,
    file_name: str = "",
    user=None,
    today: datetime.date | None = None,
    run: ImportRun | None = None,
) -> MembershipResult:
    """Join or move each school to the hub named on its row (from joined_on, or today)."""
    result = MembershipResult()
    today = today or datetime.date.today()
    try:
        # A hand-made file may leave off a trailing blank joined_on; more cells is still an error.
        header, rows = read_rows(data, ["URN", "hub"], optional=["joined_on"], exact=False)
        rows = list(rows)
    except BadFile as error:
        result.errors.append((error.line, str(error)))
        _record(result, dry_run, file_name, user, run)
        return result
    urns = [row["URN"] for _, row in rows if not isinstance(row, BadRow)]
    schools = {school.urn: school for school in School.objects.filter(urn__in=urns)}
    hubs: dict[str, Hub] = {}
    for hub in Hub.objects.all():
        hubs[hub.slug.lower()] = hub
        hubs[hub.name.lower()] = hub
    seen: dict[str, int] = {}
    for line, row in rows:
        result.rows += 1
        if isinstance(row, BadRow):
            result.errors.append((line, row.reason))
            continue
        urn = row["URN"]
        try:
            urn_validator(urn)
            if urn in seen:
                raise ValueError(f"URN {urn} appears twice (also on line {seen[urn]}).")
            seen[urn] = line
            if urn not in schools:
                raise ValueError(f"no school has URN {urn}; import it from GIAS first.")
            hub = hubs.get(row["hub"].lower())
            if hub is None:
                raise ValueError(f"no hub is called '{row['hub']}'.")
            joined_on = parse_day(row["joined_on"]) if row.get("joined_on") else today
        except ValidationError as error:
            result.errors.append((line, "; ".join(error.messages) if urn else "URN is missing."))
            continue
        except ValueError as error:
            result.errors.append((line, str(error)))
            continue
        school = schools[urn]
        if school.hub_id == hub.id:
            result.unchanged += 1
            continue
        entry = MembershipRow(line, school, hub, joined_on)
        (result.joins if entry.action == "join" else result.moves).append(entry)
    if not result.errors:
        _apply(result, dry_run=dry_run)
    _record(result, dry_run, file_name, user, run)
    return result


def _apply(result: MembershipResult, *, dry_run: bool) -> None:
    """Make every join and move; roll all back on any error, and always on a dry run.

    A dry run goes through the same membership rules (dates that overlap an earlier
    membership, a move dated before the school joined its hub), so it reports what a real
    run would refuse.
    """
    with transaction.atomic():
        for entry in result.joins + result.moves:
            try:
                # A savepoint per row keeps the transaction usable to report every bad row.
                with transaction.atomic():
                    if entry.action == "join":
                        services.membership_join(
                            school=entry.school, hub=entry.hub, joined_on=entry.joined_on
                        )
                    else:
                        services.membership_move(
                            school=entry.school, to_hub=entry.hub, moved_on=entry.joined_on
                        )
            except ValidationError as error:
                result.errors.append((entry.line, "; ".join(error.messages)))
            except Membership.DoesNotExist:
                # School.hub says a hub but no membership is open: the data needs a look first.
                result.errors.append(
                    (entry.line, f"URN {entry.school.urn} has no open membership to move from.")
                )
        # Joins were tried before moves; report in the file's order.
        result.errors.sort()
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            result.applied = True


def _record(result: MembershipResult, dry_run: bool, file_name: str, user, run=None) -> None:
    # Refused files are recorded too, with their bad rows.
    ok = not result.errors
    ImportRun.record(
        run,
        kind=ImportRun.Kind.MEMBERSHIPS,
        file_name=file_name[:255],
        dry_run=dry_run,
        run_by=user,
        created=len(result.joins) if ok else 0,
        changed=len(result.moves) if ok else 0,
        unchanged=result.unchanged if ok else 0,
        bad_rows=len(result.errors),
        summary="\n".join(f"line {line}: {reason}" for line, reason in result.errors[:50]),
    )


def report_lines(result: GiasResult, limit: int | None = 50) -> list[str]:
    """A GIAS result as lines of text for the command line."""
    lines = []
    if result.errors:
        lines.append(f"{len(result.errors)} bad row(s); nothing was changed:")
        lines += [f"  line {line}: {reason}" for line, reason in result.errors]
        return lines
    lines.append(
        f"{len(result.created)} to create, {len(result.changed)} to change, "
        f"{result.unchanged} unchanged, {len(result.skipped)} skipped, "
        f"{result.trusts_created} new trust(s)."
    )
    for change in result.created[:limit]:
        lines.append(f"  create {change.urn} {change.name}")
    for change in result.changed[:limit]:
        fields = "; ".join(
            f"{name}: {old!r} → {new!r}" for name, (old, new) in change.fields.items()
        )
        lines.append(f"  change {change.urn} {change.name}: {fields}")
    for kind, count in result.skipped_types.most_common():
        lines.append(f"  skipped {count}: {kind}")
    for line, urn, group in result.skipped[:limit]:
        lines.append(f"  skip line {line} (URN {urn}): {group} are not held")
    if result.closed_members:
        lines.append("Closed schools that are still hub members:")
        lines += [f"  {urn} {name} ({hub})" for urn, name, hub in result.closed_members]
    return lines


def membership_report_lines(result: MembershipResult) -> list[str]:
    if result.errors:
        return [f"{len(result.errors)} bad row(s); nothing was changed:"] + [
            f"  line {line}: {reason}" for line, reason in result.errors
        ]
    lines = [
        f"{len(result.joins)} join(s), {len(result.moves)} move(s), {result.unchanged} unchanged."
    ]
    lines += [f"  join {e.school.urn} {e.school.name} → {e.hub.name}" for e in result.joins]
    lines += [f"  move {e.school.urn} {e.school.name} → {e.hub.name}" for e in result.moves]
    return lines


# The page lists at most this many rows of each kind; counts are always whole.
PAGE_ROWS = 200
PAGE_ERRORS = 1000


def _plain(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def result_for_page(result: GiasResult | MembershipResult) -> dict:
    """An import's outcome as plain data for its run page (kept with the run, as JSON)."""
    page = {
        "ok": result.ok,
        "applied": result.applied,
        "errors": [list(error) for error in result.errors[:PAGE_ERRORS]],
        "error_count": len(result.errors),
        "unchanged": result.unchanged,
    }
    if isinstance(result, GiasResult):
        page |= {
            "created": [{"urn": c.urn, "name": c.name} for c in result.created[:PAGE_ROWS]],
            "created_count": len(result.created),
            "changed": [
                {"urn": c.urn, "name": c.name, "fields": _plain(c.fields)}
                for c in result.changed[:PAGE_ROWS]
            ],
            "changed_count": len(result.changed),
            "skipped_count": len(result.skipped),
            "skipped_by_type": [list(row) for row in result.skipped_by_type],
            "trusts_created": result.trusts_created,
            "closed_members": [list(row) for row in result.closed_members],
        }
    else:
        page |= {
            "rows": [
                {
                    "line": row.line,
                    "school": f"{row.school.name} ({row.school.urn})",
                    "change": "Joins" if kind == "join" else "Moves",
                    "hub": row.hub.name,
                    "from": date_format(row.joined_on),
                }
                for kind, rows in (("join", result.joins), ("move", result.moves))
                for row in rows[:PAGE_ROWS]
            ],
            "join_count": len(result.joins),
            "move_count": len(result.moves),
        }
    return page
