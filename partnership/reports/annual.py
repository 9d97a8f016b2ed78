"""The annual report: every figure for one academic year, for the network or one hub, with the
year before beside it.

Each part is a table of (figure, this year, previous year) rows, with a sentence saying what it
counts, and the charts drawn from some of its rows (the table is the chart's accessible version).

One rule for a hub's figures: a school, and what it is or did in the year (its phase, pupils,
designations, inspections, results, reviews, reviewers, areas of excellence, programme places),
counts in the hub it belonged to on 31 August, the year's end, as its membership history
records; publicdata.figures counts the same way. What a hub itself did counts in that hub: the
support requests it received, its events, the fees it set, its spend, and the survey answers
given about it (each response keeps the hub the school was in when it answered).

The computed report is kept in Django's cache per (year, hub) for a few minutes
(`hubs.figures.network_cached`); it is counted the same way without the cache.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import Booking, Event
from finance import figures as finance
from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase
from hubs.figures import network_cached
from hubs.models import Hub, School
from hubs.years import academic_year_end, academic_year_label, academic_year_start
from partnership.reports.charts import grade_colours
from partnership.reports.figures import (
    HELD_STATUSES,
    Report,
    held_reviews,
    member_school_ids,
    percent,
    requests_received,
    reviews,
    support_requests,
)
from programmes.models import Enrolment
from programmes.models import Kind as ProgrammeKind
from programmes.models import Status as EnrolmentStatus
from publicdata import figures as public
from publicdata.models import Designation
from reviews.models import AreaOfExcellence, HeadteacherFeedback, Review, Reviewer
from survey import figures as survey
from survey.models import SERVICES

# The report's own four phase groups.
PHASE_GROUPS = [
    ("Primary (incl. nursery)", {Phase.NURSERY, Phase.PRIMARY}),
    (
        "Secondary (incl. all-through and 16 plus)",
        {Phase.SECONDARY, Phase.ALL_THROUGH, Phase.SIXTEEN_PLUS},
    ),
    ("Special and alternative provision (PRU)", {Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION}),
    ("Other (incl. middle)", {Phase.MIDDLE}),
]
ACADEMIES = {Governance.ACADEMY_CONVERTER, Governance.ACADEMY_SPONSORED, Governance.FREE_SCHOOL}
MAINTAINED = {
    Governance.COMMUNITY,
    Governance.VOLUNTARY_AIDED,
    Governance.VOLUNTARY_CONTROLLED,
    Governance.FOUNDATION,
}


@dataclass
class Part:
    name: str
    title: str
    counts: str
    rows: list  # [figure, this year, previous year]
    charts: list = field(default_factory=list)  # specs for static/js/reports.js

    @property
    def header(self) -> list[str]:
        return ["Figure", "This year", "Previous year"]


def one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def network_part(report: Report) -> list[tuple[str, object]]:
    schools = School.objects.filter(id__in=member_school_ids(report))
    totals = schools.aggregate(
        schools=Count("id"),
        pupils=Sum("pupils_on_roll", default=0),
        trusts=Count("trust", distinct=True),
        in_trust=Count("id", filter=Q(trust__isnull=False)),
        hubs=Count("hub", distinct=True),
    )
    by_phase = dict(schools.values_list("phase").annotate(n=Count("id")).order_by())
    by_governance = dict(schools.values_list("governance").annotate(n=Count("id")).order_by())
    rows = [
        ("Member schools", totals["schools"]),
        ("Hubs with member schools", totals["hubs"]),
        ("Pupils on roll", totals["pupils"]),
        ("Trusts", totals["trusts"]),
        ("Schools in a trust (%)", percent(totals["in_trust"], totals["schools"])),
    ]
    for label, phases in PHASE_GROUPS:
        rows.append(
            (f"{label} (schools)", sum(by_phase.get(p, 0) for p in phases), ("phases", label))
        )
    for label, kinds in [
        ("Academies and free schools", ACADEMIES),
        ("Maintained schools", MAINTAINED),
    ]:
        rows.append((label, sum(by_governance.get(g, 0) for g in kinds), ("governance", label)))
    return rows


def disadvantaged_part(report: Report) -> list[tuple[str, object]]:
    schools = School.objects.filter(
        id__in=member_school_ids(report), percent_fsm__isnull=False, pupils_on_roll__gt=0
    )
    totals = schools.aggregate(
        weighted=Sum(F("percent_fsm") * F("pupils_on_roll")), pupils=Sum("pupils_on_roll")
    )
    share = one_decimal(totals["weighted"] / totals["pupils"]) if totals["pupils"] else None
    return [("Pupils eligible for free school meals (%)", share)]


def designations_part(report: Report) -> list[tuple[str, object]]:
    counts = public.designation_counts(report.year, report.hub)
    return [(label, counts.get(value, 0)) for value, label in Designation.Kind.choices]


def ofsted_part(report: Report) -> list[tuple[str, object]]:
    figures = public.ofsted_figures(report.year, report.hub)
    rows = [("Graded framework: schools with an overall grade", figures.graded_schools)]
    rows += [
        (f"Graded framework: {grade.label} overall", figures.graded[grade], ("ofsted", grade.label))
        for grade in OfstedGrade
    ]
    rows += [
        ("2025 framework: schools with a report card", figures.report_card_schools),
        ("2025 framework: at least one area Exceptional", figures.report_card_exceptional),
        ("2025 framework: every area Strong or Exceptional", figures.report_card_all_strong),
    ]
    for value, movement in public.grade_movements(report.year, report.hub).items():
        framework = OfstedFramework(value).label if value in OfstedFramework.values else value
        rows.append(
            (f"{framework}: inspected this year, improved or kept", movement.improved_or_kept)
        )
        rows.append((f"{framework}: inspected this year, declined", movement.declined))
    return rows


def exams_part(report: Report) -> list[tuple[str, object]]:
    rows = []
    for measure in public.exam_figures(report.year, report.hub):
        rows.append(
            (
                f"{measure.label}: schools' average",
                measure.average,
                ("exams", measure.label, "Member schools' average"),
            )
        )
        rows.append(
            (f"{measure.label}: England", measure.national, ("exams", measure.label, "England"))
        )
        rows.append((f"{measure.label}: schools above England", measure.above_national))
    return rows


def reviews_part(report: Report) -> list[tuple[str, object]]:
    held = held_reviews(report)
    ever = Review.objects.filter(academic_year__lte=report.year, status__in=HELD_STATUSES)
    if report.hub:
        ever = ever.filter(school_id__in=member_school_ids(report))
    trained = Reviewer.objects.filter(
        is_active=True, trained_on__lte=academic_year_end(report.year)
    )
    if report.hub:
        trained = trained.filter(school_id__in=member_school_ids(report))
    ratings = HeadteacherFeedback.objects.filter(review__in=held).aggregate(
        impact=Avg("impact_rating"), development=Avg("development_rating"), n=Count("id")
    )
    rows = [
        ("Reviews held this year", held.count()),
        ("Reviews held since the network began", ever.count()),
        ("Trained reviewers (active)", trained.count()),
        ("Headteacher feedback received", ratings["n"]),
        ("Headteacher rating of impact (average)", one_decimal(ratings["impact"])),
        ("Headteacher rating of development (average)", one_decimal(ratings["development"])),
    ]
    figures = reviews(report)
    estimates = figures["estimates"]
    colours = grade_colours([e["grade"] for e in estimates], figures["grades"])
    for estimate, colour in zip(estimates, colours, strict=True):
        heading = f"{estimate['framework']}: {estimate['heading']}"
        rows.append(
            (
                f"{heading}: {estimate['grade']} (%)",
                estimate["percent"],
                ("estimates", heading, estimate["grade"], colour),
            )
        )
    return rows


def excellence_part(report: Report) -> list[tuple[str, object]]:
    verified = AreaOfExcellence.objects.filter(
        status=AreaOfExcellence.Status.VERIFIED,
        verified_on__range=(academic_year_start(report.year), academic_year_end(report.year)),
    )
    if report.hub:
        verified = verified.filter(school_id__in=member_school_ids(report))
    return [("Areas of excellence verified this year", verified.count())]


def brokering_part(report: Report) -> list[tuple[str, object]]:
    figures = support_requests(report)
    by_phase = dict(
        requests_received(report).values_list("school__phase").annotate(n=Count("id")).order_by()
    )
    rows = [
        ("Support requests received", figures["requests"]),
        ("Schools that asked for support", figures["schools"]),
        ("Feedback received", figures["feedback"]),
        ("Feedback: quality of support (average)", figures["quality"]),
        ("Feedback: service (average)", figures["service"]),
    ]
    rows += [
        (
            f"Requests from {label.lower()} schools",
            sum(by_phase.get(p, 0) for p in phases),
            ("request_phases", label),
        )
        for label, phases in PHASE_GROUPS
    ]
    rows += [
        (f"Requests in {area['name']}", area["requests"], ("areas", area["name"]))
        for area in figures["by_area"]
    ]
    return rows


def money_part(report: Report) -> list[tuple[str, object]]:
    fees = finance.membership_fees(report.year, report.hub)
    rows = [
        ("Membership fees set (£)", fees.set),
        ("Membership fees paid (£)", fees.paid),
    ]
    if report.hub is None:
        rows += [
            (f"Income: {source} (£)", amount)
            for source, amount in finance.income_by_source(report.year)[1:]
        ]
        for row in finance.budget_against_spend(report.year):
            rows.append(
                (f"{row.activity}: budget (£)", row.budget, ("money", row.activity, "Budget"))
            )
            rows.append((f"{row.activity}: spent (£)", row.spent, ("money", row.activity, "Spent")))
    else:
        spent = finance.spend_by_activity(report.year, report.hub)
        rows.append(("Spent, all activities (£)", sum(spent.values(), Decimal("0.00"))))
    return rows


def survey_part(report: Report) -> list[tuple[str, object]]:
    if report.hub:
        result = survey.hub_results(report.year, [report.hub])[0]
    else:
        result = survey.network_result(report.year)
    rows = [
        ("Responses", result.responses),
        ("Would recommend the network: average (0-10)", result.recommend_average),
        ("Net recommend (promoters % minus detractors %)", result.net_recommend),
    ]
    rows += [
        (f"Satisfaction with {label} (1-5)", result.satisfaction[name], ("survey", label))
        for name, label in SERVICES
    ]
    return rows


# Enrolments that took their place: accepted, then possibly completed.
TOOK_PLACE = [EnrolmentStatus.ACCEPTED, EnrolmentStatus.COMPLETED]


def programmes_part(report: Report) -> list[tuple[str, object]]:
    """Places, completions and reach of the year's cohorts; events held and their bookings."""
    enrolments = Enrolment.objects.filter(cohort__academic_year=report.year, status__in=TOOK_PLACE)
    if report.hub:
        enrolments = enrolments.filter(school_id__in=member_school_ids(report))
    reach = enrolments.filter(
        cohort__programme__kind=ProgrammeKind.WHOLE_SCHOOL, status=EnrolmentStatus.COMPLETED
    ).reach_totals()
    by_kind = {
        row["cohort__programme__kind"]: row
        for row in enrolments.values("cohort__programme__kind")
        .annotate(
            places=Count("id"),
            completed=Count("id", filter=Q(status=EnrolmentStatus.COMPLETED)),
            schools=Count("school", distinct=True),
        )
        .order_by()
    }
    rows = [
        ("Whole-school programmes: pupils reached", reach["pupils"]),
        ("Whole-school programmes: teachers reached", reach["teachers"]),
        ("Whole-school programmes: schools reached", reach["schools"]),
    ]
    for kind, label in ProgrammeKind.choices:
        row = by_kind.get(kind, {"places": 0, "completed": 0})
        rows.append(
            (f"{label}: places taken", row["places"], ("programmes", label, "Places taken"))
        )
        rows.append((f"{label}: completed", row["completed"], ("programmes", label, "Completed")))
    # An event is held once it has started; its bookings are the places still booked.
    events = Event.objects.for_year(report.year).filter(starts_at__lte=timezone.now())
    if report.hub:
        events = events.filter(hub=report.hub)
    held = events.aggregate(events=Count("id"), national=Count("id", filter=Q(hub__isnull=True)))
    bookings = Booking.objects.filter(event__in=events).aggregate(
        booked=Count("id", filter=Q(status=Booking.Status.BOOKED)),
        attended=Count("id", filter=Q(status=Booking.Status.BOOKED, attended=True)),
    )
    schools = Event.schools_attended.through.objects.filter(event__in=events).aggregate(
        schools=Coalesce(Count("school", distinct=True), 0)
    )
    rows += [
        ("Events held", held["events"]),
        ("Of them, national events", held["national"]),
        ("Places booked at events held", bookings["booked"]),
        ("People marked as attending", bookings["attended"]),
        ("Schools recorded as attending an event", schools["schools"]),
    ]
    return rows


PARTS = [
    (
        "network",
        "The network",
        network_part,
        "Member schools on 31 August at the end of the year, by the report's four phase groups "
        "and by governance; pupils on roll as GIAS last recorded.",
    ),
    (
        "disadvantaged",
        "Disadvantaged pupils",
        disadvantaged_part,
        "Share of pupils eligible for free school meals, each school weighted by its pupils "
        "(schools without both figures are left out).",
    ),
    (
        "designations",
        "Designations",
        designations_part,
        "Designations held during the year: NLEs and SLEs count people, the rest count schools.",
    ),
    (
        "ofsted",
        "Ofsted",
        ofsted_part,
        "Each member school's latest inspection by the year's end under each framework; grades "
        "are never compared across frameworks.",
    ),
    (
        "exams",
        "Exam results",
        exams_part,
        "Published results of member schools for the year (suppressed figures left out of the "
        "average) against England.",
    ),
    (
        "reviews",
        "QA reviews",
        reviews_part,
        "Reviews whose team has been on site; estimates as shares of each heading's grades.",
    ),
    (
        "excellence",
        "Areas of excellence",
        excellence_part,
        "Areas of excellence verified during the year.",
    ),
    (
        "brokering",
        "Brokering",
        brokering_part,
        "Support requests submitted during the year (to the hub, for a hub's report), with their "
        "feedback; the requesting school's phase; the ten most asked-for practice areas.",
    ),
    (
        "programmes",
        "Programmes and events",
        programmes_part,
        "Programme places in the year's cohorts taken by member schools (accepted or completed), "
        "and the reach that completed whole-school programmes recorded; events that started "
        "during the year (a hub's own, or every event for the network), the places still booked "
        "at them and the people and schools marked as attending.",
    ),
    (
        "money",
        "Money",
        money_part,
        "Membership fees for the year; for the network, income entered by the central team and "
        "each activity's agreed budget against every hub's spend.",
    ),
    (
        "survey",
        "Member survey",
        survey_part,
        "One response per member school, in the hub it was in when it answered; nothing is "
        "shown (blank) for fewer than five responses.",
    ),
]


# Each chart: its title (what it counts), Chart.js type, and whether its bars are stacked. A row
# of a part joins a chart by a key (chart, category) to set this year against the previous one,
# or (chart, category, series[, colour]) to draw this year's figures series by series.
CHARTS = {
    "phases": ("Member schools by phase group on 31 August", "bar", False),
    "governance": ("Academies against maintained schools on 31 August", "bar", False),
    "ofsted": (
        "Member schools by overall grade at their latest graded inspection (graded framework)",
        "bar",
        False,
    ),
    "exams": ("This year's results: member schools' average against England", "bar", False),
    "estimates": ("Share of each heading's estimates by grade, this year (%)", "bar", True),
    "request_phases": ("Support requests by the phase group of the school asking", "bar", False),
    "areas": ("Support requests by practice area (this year's ten most asked-for)", "bar", False),
    "programmes": ("Programme places taken and completed by kind, this year", "bar", False),
    "money": ("Budget against spend by activity, this year (£)", "bar", False),
    "survey": ("Satisfaction with each service: average rating, 1 to 5", "bar", False),
}


def number(value) -> float | None:
    # Chart.js wants numbers (a Decimal would reach it as a string); a blank stays a gap.
    return None if value is None else float(value)


def charts_from(name: str, keyed: list, previous: dict, labels: tuple[str, str]) -> list[dict]:
    """The part's charts from its keyed rows [(label, value, key)] of this year; `previous` is
    {label: value} of the year before."""
    charts: dict[str, dict] = {}
    for label, value, key in keyed:
        spec = charts.setdefault(key[0], {"categories": [], "series": {}, "colours": {}})
        category = key[1]
        if category not in spec["categories"]:
            spec["categories"].append(category)
        if len(key) == 2:
            spec["series"].setdefault(labels[0], {})[category] = value
            spec["series"].setdefault(labels[1], {})[category] = previous.get(label)
        else:
            spec["series"].setdefault(key[2], {})[category] = value
            if len(key) == 4:
                spec["colours"][key[2]] = key[3]
    built = []
    for chart_name, spec in charts.items():
        title, kind, stacked = CHARTS[chart_name]
        datasets = []
        for series, values in spec["series"].items():
            data = {"label": series, "data": [number(values.get(c)) for c in spec["categories"]]}
            if series in spec["colours"]:
                data["colour"] = spec["colours"][series]
            datasets.append(data)
        built.append(
            {
                "id": f"chart-annual-{chart_name}",
                "type": kind,
                "title": title,
                "labels": spec["categories"],
                "datasets": datasets,
                "stacked": stacked,
            }
        )
    return built


def compute(year: int, hub: Hub | None) -> list[Part]:
    # The Ofsted, results and designation figures share each year's schools, histories and
    # inspections (publicdata.figures.shared_lookups) rather than looking them up four times.
    now, before = Report(year=year, hub=hub), Report(year=year - 1, hub=hub)
    years = (academic_year_label(year), academic_year_label(year - 1))
    with public.shared_lookups():
        return [count_part(part, now, before, years) for part in PARTS]


def count_part(part: tuple, now: Report, before: Report, years: tuple[str, str]) -> Part:
    """One part: this year's rows beside the previous year's, and its charts."""
    name, title, count, counts = part
    this_year = count(now)
    previous = {row[0]: row[1] for row in count(before)}
    labels = [row[0] for row in this_year]
    rows = [[row[0], row[1], previous.get(row[0])] for row in this_year]
    rows += [[label, None, value] for label, value in previous.items() if label not in labels]
    keyed = [row for row in this_year if len(row) == 3]
    return Part(name, title, counts, rows, charts_from(name, keyed, previous, years))


def annual_report(year: int, hub: Hub | None = None) -> list[Part]:
    key = f"annual-report:{year}:{hub.pk if hub else 'network'}"
    return network_cached(key, lambda: compute(year, hub))


def label_of(year: int) -> str:
    return academic_year_label(year)
