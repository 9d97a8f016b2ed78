"""The annual report: every figure for one academic year, for the network or one hub, with the
year before beside it.

Each part is a table of (figure, this year, previous year) rows, with a sentence saying what it
counts. Schools "in" a year are the members on its last day (31 August), so a school that moved
hub during the year counts in the hub it was in at the year's end. The computed report is kept
in Django's cache per (year, hub) for a few minutes (`hubs.figures.network_cached`); it is
counted the same way without the cache.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Sum

from finance import figures as finance
from hubs.choices import Governance, OfstedFramework, Phase
from hubs.figures import network_cached
from hubs.models import Hub, School
from hubs.years import academic_year_end, academic_year_label, academic_year_start
from partnership.reports.figures import (
    HELD_STATUSES,
    Report,
    held_reviews,
    member_school_ids,
    percent,
    reviews,
    support_requests,
)
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
        rows.append((f"{label} (schools)", sum(by_phase.get(p, 0) for p in phases)))
    rows.append(("Academies and free schools", sum(by_governance.get(g, 0) for g in ACADEMIES)))
    rows.append(("Maintained schools", sum(by_governance.get(g, 0) for g in MAINTAINED)))
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
    rows = [
        ("Graded framework: schools with an overall grade", figures.graded_schools),
        ("Graded framework: Outstanding overall", figures.outstanding),
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
        rows.append((f"{measure.label}: schools' average", measure.average))
        rows.append((f"{measure.label}: England", measure.national))
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
    for estimate in reviews(report)["estimates"]:
        rows.append(
            (
                f"{estimate['framework']}: {estimate['heading']}: {estimate['grade']} (%)",
                estimate["percent"],
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
    rows = [
        ("Support requests received", figures["requests"]),
        ("Schools that asked for support", figures["schools"]),
        ("Feedback received", figures["feedback"]),
        ("Feedback: quality of support (average)", figures["quality"]),
        ("Feedback: service (average)", figures["service"]),
    ]
    rows += [(f"Requests in {area['name']}", area["requests"]) for area in figures["by_area"]]
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
            rows.append((f"{row.activity}: budget (£)", row.budget))
            rows.append((f"{row.activity}: spent (£)", row.spent))
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
        (f"Satisfaction with {label} (1-5)", result.satisfaction[name]) for name, label in SERVICES
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
        "Support requests submitted during the year, with their feedback; the ten most asked-for "
        "practice areas.",
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
        "One response per member school; nothing is shown (blank) for fewer than five responses.",
    ),
]


def compute(year: int, hub: Hub | None) -> list[Part]:
    now, before = Report(year=year, hub=hub), Report(year=year - 1, hub=hub)
    parts = []
    for name, title, count, counts in PARTS:
        this_year = count(now)
        previous = dict(count(before))
        labels = [label for label, _ in this_year]
        rows = [[label, value, previous.get(label)] for label, value in this_year]
        rows += [[label, None, value] for label, value in previous.items() if label not in labels]
        parts.append(Part(name, title, counts, rows))
    return parts


def annual_report(year: int, hub: Hub | None = None) -> list[Part]:
    key = f"annual-report:{year}:{hub.pk if hub else 'network'}"
    return network_cached(key, lambda: compute(year, hub))


def label_of(year: int) -> str:
    return academic_year_label(year)
