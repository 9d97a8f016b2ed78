"""Figures for the annual report from public data, for an academic year and optionally a hub.

"Schools in the hub that year" are its members on 31 August, the year's end, as the membership
history records, so a school that moved hub mid-year counts once, in the hub it moved to, as it
does everywhere in the annual report; for the network, every member on that day. A school's
history includes the URNs it succeeded (GIAS links of the kinds that carry history over), so an
academy that converted mid-year keeps its earlier inspections and results. Grades are only ever
compared within one framework. Each function runs a bounded number of queries whatever the
year or hub.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from hubs.choices import OfstedFramework, OfstedGrade, ReportCardGrade
from hubs.models import Hub, Membership, School
from hubs.years import academic_year_end, academic_year_start
from publicdata.models import (
    Designation,
    ExamResult,
    Inspection,
    Measure,
    NationalResult,
    SchoolLink,
)

MAX_LINK_DEPTH = 4
# Above this many URNs a lookup reads the whole table and keeps the rows it needs: PostgreSQL
# reads a national table faster than it matches tens of thousands of listed values.
MANY_URNS = 2000
# Best first, so a lower position is a better grade.
GRADE_ORDER = {grade: i for i, grade in enumerate(OfstedGrade.values)}
CARD_ORDER = {grade: i for i, grade in enumerate(ReportCardGrade.values)}


_shared: ContextVar[dict | None] = ContextVar("publicdata_figures_shared", default=None)


@contextmanager
def shared_lookups() -> Iterator[None]:
    """Within it, each year's (and hub's) schools, their histories and their inspections are
    looked up once, however many figures ask for them: the annual report asks four."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _once(key: tuple, look_up: Callable):
    memo = _shared.get()
    if memo is None:
        return look_up()
    if key not in memo:
        memo[key] = look_up()
    return memo[key]


def _members(academic_year: int, hub: Hub | None):
    """Ids of the members on the year's last day, as a subquery (never a long list of ids)."""
    memberships = Membership.objects.on(academic_year_end(academic_year))
    if hub is not None:
        memberships = memberships.filter(hub=hub)
    return memberships.values("school_id")


def schools_in(academic_year: int, hub: Hub | None = None) -> dict[int, str]:
    """{school id: URN} of the schools in the hub (or the network) on the year's last day."""
    return _once(
        ("schools", academic_year, hub and hub.pk),
        lambda: dict(
            School.objects.filter(pk__in=_members(academic_year, hub)).values_list("pk", "urn")
        ),
    )


def _histories_in(academic_year: int, hub: Hub | None) -> dict[str, list[str]]:
    return _once(
        ("histories", academic_year, hub and hub.pk),
        lambda: histories(set(schools_in(academic_year, hub).values())),
    )


def _inspections_in(academic_year: int, hub: Hub | None) -> dict[str, list]:
    return _once(
        ("inspections", academic_year, hub and hub.pk),
        lambda: _inspections(_histories_in(academic_year, hub), academic_year_end(academic_year)),
    )


def histories(urns: set[str]) -> dict[str, list[str]]:
    """{URN: [the URN, then the URNs whose history it carries on]}; a query per link level."""
    # (For many URNs each level reads every carried-over link: a few thousand nationally.)
    found = {urn: [urn] for urn in urns}
    frontier = {urn: urn for urn in urns}  # an earlier URN → the school it belongs to
    for _ in range(MAX_LINK_DEPTH):
        if not frontier:
            break
        step = {}
        links = SchoolLink.objects.filter(kind__in=SchoolLink.Kind.carried_over())
        if len(frontier) <= MANY_URNS:
            links = links.filter(successor_urn__in=list(frontier))
        for predecessor, successor in links.values_list("predecessor_urn", "successor_urn"):
            if successor not in frontier:
                continue
            owner = frontier[successor]
            if predecessor not in found[owner]:
                found[owner].append(predecessor)
                step[predecessor] = owner
        frontier = step
    return found


def _inspections(urns_of: dict[str, list[str]], until: datetime.date) -> dict[str, list]:
    """{school URN: its judged inspections up to the day, latest first}."""
    owner = {urn: school for school, urns in urns_of.items() for urn in urns}
    found: dict[str, list] = {school: [] for school in urns_of}
    rows = Inspection.objects.judged().filter(start_date__lte=until)
    if len(owner) <= MANY_URNS:
        rows = rows.filter(urn__in=list(owner))
    for row in rows.order_by("-start_date", "-inspection_number").values(
        "urn", "start_date", "framework", "overall", "report_card"
    ):
        if row["urn"] in owner:
            found[owner[row["urn"]]].append(row)
    return found


@dataclass
class OfstedFigures:
    """Each school's latest inspection under each framework, as at the end of the year."""

    graded_schools: int = 0  # schools whose latest graded inspection has an overall grade
    graded: Counter = field(default_factory=Counter)  # overall grade → schools
    report_card_schools: int = 0  # schools with a report card
    report_card_exceptional: int = 0  # … at least one area graded Exceptional
    report_card_all_strong: int = 0  # … every area Strong standard or Exceptional

    @property
    def outstanding(self) -> int:
        return self.graded[OfstedGrade.OUTSTANDING]

    counts = {
        "graded_schools": "schools whose latest graded inspection gave an overall grade",
        "outstanding": "of them, judged Outstanding overall",
        "report_card_schools": "schools whose latest inspection under the 2025 framework is a "
        "report card",
        "report_card_exceptional": "of them, with at least one area graded Exceptional",
        "report_card_all_strong": "of them, with every area Strong standard or Exceptional",
    }


def ofsted_figures(academic_year: int, hub: Hub | None = None) -> OfstedFigures:
    """Outstanding schools under each framework; never a grade compared across frameworks."""
    figures = OfstedFigures()
    for inspections in _inspections_in(academic_year, hub).values():
        graded = next(
            (
                i
                for i in inspections
                if i["framework"] == OfstedFramework.GRADED_2019 and i["overall"]
            ),
            None,
        )
        if graded:
            figures.graded_schools += 1
            figures.graded[graded["overall"]] += 1
        card = next(
            (i for i in inspections if i["framework"] == OfstedFramework.REPORT_CARD_2025), None
        )
        if card:
            figures.report_card_schools += 1
            grades = card["report_card"].values()
            figures.report_card_exceptional += ReportCardGrade.EXCEPTIONAL in grades
            figures.report_card_all_strong += all(
                CARD_ORDER[g] <= CARD_ORDER[ReportCardGrade.STRONG] for g in grades
            )
    return figures


@dataclass
class GradeMovement:
    """Schools inspected in the year, against their previous inspection under the same framework."""

    framework: str
    improved: int = 0
    kept: int = 0
    declined: int = 0
    mixed: int = 0  # report cards only: some areas better, some worse
    first: int = 0  # no earlier inspection under this framework to compare with

    @property
    def improved_or_kept(self) -> int:
        return self.improved + self.kept


def _compare_graded(now: dict, before: dict) -> str:
    a, b = GRADE_ORDER[now["overall"]], GRADE_ORDER[before["overall"]]
    return "kept" if a == b else ("improved" if a < b else "declined")


def _compare_cards(now: dict, before: dict) -> str:
    areas = now["report_card"].keys() & before["report_card"].keys()
    moves = {
        (CARD_ORDER[now["report_card"][a]] > CARD_ORDER[before["report_card"][a]])
        - (CARD_ORDER[now["report_card"][a]] < CARD_ORDER[before["report_card"][a]])
        for a in areas
    } - {0}
    if not moves:
        return "kept"
    if moves == {-1}:
        return "improved"
    if moves == {1}:
        return "declined"
    return "mixed"


def grade_movements(academic_year: int, hub: Hub | None = None) -> dict[str, GradeMovement]:
    """Per framework: schools whose latest inspection in the year improved on, kept or fell
    from their previous one under the same framework (graded: the overall grade, so key-
    judgement-only inspections from September 2024 are not counted; report cards: area by area,
    over the areas both graded)."""
    start = academic_year_start(academic_year)
    movements = {f: GradeMovement(f) for f in OfstedFramework.values}
    for inspections in _inspections_in(academic_year, hub).values():
        for framework, movement in movements.items():
            same = [
                i
                for i in inspections
                if i["framework"] == framework
                and (i["overall"] if framework == OfstedFramework.GRADED_2019 else True)
            ]
            if not same or same[0]["start_date"] < start:
                continue
            if len(same) == 1:
                movement.first += 1
                continue
            compare = (
                _compare_graded if framework == OfstedFramework.GRADED_2019 else _compare_cards
            )
            outcome = compare(same[0], same[1])
            setattr(movement, outcome, getattr(movement, outcome) + 1)
    return movements


@dataclass
class MeasureFigures:
    """One measure for the schools in the year against England."""

    measure: str
    label: str
    schools: int  # schools with a published figure
    marked: int  # schools whose figure is published as a marker (SUPP, NE …), not a number
    average: Decimal | None  # mean of the schools' figures (unweighted: cohorts are not held)
    national: Decimal | None
    national_marker: str
    above_national: int  # schools whose figure is above England's


def exam_figures(academic_year: int, hub: Hub | None = None) -> list[MeasureFigures]:
    """Each measure published that year for the schools in scope, against the national figure.

    A school takes its own URN's figure, or a predecessor's when its own URN published none
    that year (results are published under the URN of the January census)."""
    urns_of = _histories_in(academic_year, hub)
    owner = {urn: school for school, urns in urns_of.items() for urn in urns}
    chosen: dict[tuple[str, str], tuple] = {}
    # Plain tuples, not model instances: a national year has over 100,000 results.
    results = ExamResult.objects.filter(academic_year=academic_year)
    if len(owner) <= MANY_URNS:
        results = results.filter(urn__in=list(owner))
    for urn, measure, value in results.values_list("urn", "measure", "value"):
        if urn not in owner:
            continue
        key = (owner[urn], measure)
        if key not in chosen or urn == owner[urn]:
            chosen[key] = value
    national = {n.measure: n for n in NationalResult.objects.filter(academic_year=academic_year)}
    figures = []
    for measure in Measure:
        results = [value for (_, m), value in chosen.items() if m == measure.value]
        if not results and measure.value not in national:
            continue
        values = [value for value in results if value is not None]
        england = national.get(measure.value)
        england_value = england.value if england else None
        figures.append(
            MeasureFigures(
                measure=measure.value,
                label=measure.label,
                schools=len(results),
                marked=len(results) - len(values),
                average=(sum(values) / len(values)).quantize(Decimal("0.01")) if values else None,
                national=england_value,
                national_marker=england.marker if england else "",
                above_national=(
                    sum(v > england_value for v in values) if england_value is not None else 0
                ),
            )
        )
    return figures


def designation_counts(academic_year: int, hub: Hub | None = None) -> dict[str, int]:
    """{kind: how many held that year}: NLEs and SLEs count people (designations), the others
    count schools. Every kind is listed, with 0 when none was held."""
    held = Designation.objects.held_in(academic_year).filter(
        school_id__in=_members(academic_year, hub)
    )
    people = Designation.Kind.for_people()
    found: dict[str, set] = {kind: set() for kind in Designation.Kind.values}
    for pk, kind, school_id in held.values_list("pk", "kind", "school_id"):
        found[kind].add(pk if kind in people else school_id)
    return {kind: len(items) for kind, items in found.items()}
