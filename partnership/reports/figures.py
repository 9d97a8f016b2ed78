"""Network figures for one academic year, for the whole network or one hub.

Every figure is counted or summed in the database; a report runs a fixed number of queries
whatever the number of schools, hubs, reviews or requests. Schools "in" a year are the members
on its last day (31 August), so for the current year they are today's members.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from brokering.models import SupportRequest
from hubs.choices import Governance, Phase, Region
from hubs.figures import network_cached
from hubs.models import FundingAllocation, Hub, Membership, School, SpendEntry
from hubs.operations.queries import membership_movements, movement_years, spend_by_category
from hubs.years import academic_year_end, academic_year_label, academic_year_start
from reviews.impact import consecutive_impact
from reviews.models import Estimate, Grade, PracticeArea, Review

# A review has been held once its team has been on site.
HELD_STATUSES = list(Review.HELD)
ZERO = Decimal("0.00")


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    if not whole:
        return Decimal("0.0")
    # Half up, as people round by hand: 1 in 16 is 6.3%, not the banker's 6.2%.
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Report:
    year: int
    hub: Hub | None = None
    figures: dict = field(default_factory=dict)

    @property
    def year_label(self) -> str:
        return academic_year_label(self.year)

    @property
    def hub_ids(self) -> list[int] | None:
        return [self.hub.id] if self.hub else None


def member_school_ids(report: Report):
    """Ids of the schools that were members on the last day of the year (a subquery)."""
    memberships = Membership.objects.on(academic_year_end(report.year))
    if report.hub:
        memberships = memberships.filter(hub=report.hub)
    return memberships.values("school_id")


def headline(report: Report) -> dict:
    """Schools, pupils, hubs, trusts and teaching schools; two queries."""
    schools = School.objects.filter(id__in=member_school_ids(report))
    figures = schools.aggregate(
        schools=Count("id"),
        pupils=Coalesce(Sum("pupils_on_roll"), 0),
        trusts=Count("trust", distinct=True),
        teaching_schools=Count("id", filter=Q(is_teaching_school=True)),
    )
    memberships = Membership.objects.on(academic_year_end(report.year))
    if report.hub:
        memberships = memberships.filter(hub=report.hub)
    figures["hubs"] = memberships.aggregate(hubs=Count("hub", distinct=True))["hubs"]
    return figures


def mix(report: Report, field_name: str, choices) -> list[dict]:
    """Count and share of member schools by a coded field, in the choices' order; one query."""
    counts = dict(
        School.objects.filter(id__in=member_school_ids(report))
        .values_list(field_name)
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(counts.values())
    return [
        {
            "label": label,
            "schools": counts.get(value, 0),
            "percent": percent(counts.get(value, 0), total),
        }
        for value, label in choices
        if counts.get(value)
    ]


def held_reviews(report: Report):
    reviews = Review.objects.filter(academic_year=report.year, status__in=HELD_STATUSES)
    if report.hub:
        reviews = reviews.filter(school_id__in=member_school_ids(report))
    return reviews


def reviews(report: Report) -> dict:
    """Reviews held by kind, and the share of each grade under each heading; three queries.

    Every grade of a framework's scale is listed under each of its headings, in the scale's
    order, so a grade nobody was given shows as 0% rather than going missing.
    """
    held = held_reviews(report)
    kinds = [
        {"kind": name, "reviews": n}
        for name, n in held.values_list("kind__name")
        .annotate(n=Count("id"))
        .order_by("kind__position", "kind__name")
    ]
    rows = (
        Estimate.objects.filter(review__in=held)
        .values(
            "heading__framework_id",
            "heading__framework__name",
            "heading__position",
            "heading__title",
            "grade_id",
        )
        .annotate(n=Count("id"))
        .order_by("heading__framework__effective_from_year", "heading__position")
    )
    headings: dict[tuple, dict] = {}
    for row in rows:
        key = (row["heading__framework_id"], row["heading__position"])
        heading = headings.setdefault(
            key,
            {
                "framework_id": row["heading__framework_id"],
                "framework": row["heading__framework__name"],
                "heading": row["heading__title"],
                "counts": {},
            },
        )
        heading["counts"][row["grade_id"]] = row["n"]
    scales: dict[int, list[tuple[int, str]]] = defaultdict(list)
    framework_ids = {heading["framework_id"] for heading in headings.values()}
    for framework_id, grade_id, label in (
        Grade.objects.filter(framework_id__in=framework_ids)
        .order_by("framework_id", "position")
        .values_list("framework_id", "id", "label")
    ):
        scales[framework_id].append((grade_id, label))
    estimates = []
    grades: dict[str, list[str]] = {}
    for heading in headings.values():
        total = sum(heading["counts"].values())
        scale = scales[heading["framework_id"]]
        grades[heading["framework"]] = [label for _, label in scale]
        for grade_id, label in scale:
            count = heading["counts"].get(grade_id, 0)
            estimates.append(
                {
                    "framework": heading["framework"],
                    "heading": heading["heading"],
                    "grade": label,
                    "estimates": count,
                    "percent": percent(count, total),
                }
            )
    return {
        "held": sum(row["reviews"] for row in kinds),
        "by_kind": kinds,
        "estimates": estimates,
        "grades": grades,
    }


def spend(report: Report) -> dict:
    """Spend by category, and budget against actual for each hub; two queries."""
    entries = SpendEntry.objects.filter(allocation__academic_year=report.year)
    allocations = FundingAllocation.objects.filter(academic_year=report.year)
    if report.hub:
        entries = entries.filter(allocation__hub=report.hub)
        allocations = allocations.filter(hub=report.hub)
    # A subquery, not a join: joining spend to allocations would count each allocation again
    # for every spend entry.
    spent = (
        SpendEntry.objects.filter(allocation=OuterRef("pk"))
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    budget = list(
        allocations.annotate(
            spent=Coalesce(Subquery(spent, output_field=money), Value(ZERO), output_field=money)
        )
        .values("hub__name", "hub__slug", "hub__region", "amount", "spent")
        .order_by("hub__name")
    )
    for row in budget:
        row["remaining"] = row["amount"] - row["spent"]
    by_region: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for row in budget:
        by_region[row["hub__region"]][0] += row["amount"]
        by_region[row["hub__region"]][1] += row["spent"]
    regions = [
        {"region": label, "allocated": by_region[value][0], "spent": by_region[value][1]}
        for value, label in Region.choices
        if value in by_region
    ]
    categories = [
        {"category": label, "spent": amount} for label, amount in spend_by_category(entries)
    ]
    return {
        "by_category": categories,
        "budget": budget,
        "by_region": regions,
        "allocated": sum((row["amount"] for row in budget), ZERO),
        "spent": sum((row["spent"] for row in budget), ZERO),
    }


def requests_received(report: Report):
    """Requests submitted in the year (to the hub, for a hub's report)."""
    start, end = academic_year_start(report.year), academic_year_end(report.year)
    received = SupportRequest.objects.filter(submitted_at__date__range=(start, end))
    if report.hub:
        received = received.filter(hub=report.hub)
    return received


def support_requests(report: Report) -> dict:
    """Requests received in the year, requesting schools, feedback and the top ten areas.

    Two queries. A request counts in the year it was submitted; its feedback counts with it.
    """
    received = requests_received(report)
    figures = received.aggregate(
        requests=Count("id"),
        schools=Count("school", distinct=True),
        quality=Avg("feedback__quality_rating"),
        service=Avg("feedback__service_rating"),
        # Not named "feedback": an alias of that name would hide the relation above.
        responses=Count("feedback"),
    )
    figures["feedback"] = figures.pop("responses")
    for name in ("quality", "service"):
        if figures[name] is not None:
            figures[name] = Decimal(str(figures[name])).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
    # Filtering and counting over the same relation counts only this year's requests.
    figures["by_area"] = list(
        PracticeArea.objects.filter(support_requests__in=received)
        .annotate(requests=Count("support_requests"))
        .order_by("-requests", "name")
        .values("name", "requests")[:10]
    )
    return figures


def impact(report: Report) -> dict:
    """Reviews published in the year set against each school's review before: the share of
    the earlier EBIs addressed, and estimate moves per heading; three queries."""
    later = Review.objects.filter(academic_year=report.year)
    if report.hub:
        later = later.filter(school_id__in=member_school_ids(report))
    return consecutive_impact(later)


def flagged_spend(report: Report):
    entries = SpendEntry.objects.filter(allocation__academic_year=report.year, overspend=True)
    if report.hub:
        entries = entries.filter(allocation__hub=report.hub)
    return entries.select_related("allocation__hub").order_by("-spent_on")[:100]


def build(year: int, hub: Hub | None = None) -> Report:
    """The report's figures, kept for a while (see network_cached): they count the network."""
    report = Report(year=year, hub=hub)
    key = f"report:{year}:{hub.pk if hub else 'network'}"
    report.figures = network_cached(key, lambda: compute_figures(report))
    return report


def compute_figures(report: Report) -> dict:
    figures = headline(report)
    return {
        # When these were counted: the page says so, and its rendered copy is keyed by it.
        "counted_at": timezone.now(),
        "headline": figures,
        "phases": mix(report, "phase", Phase.choices),
        "governance": mix(report, "governance", Governance.choices),
        "growth": membership_movements(movement_years(report.year), hub_ids=report.hub_ids),
        "reviews": reviews(report),
        "spend": spend(report),
        "requests": support_requests(report),
        "impact": impact(report),
        "flagged": list(flagged_spend(report)),
    }
