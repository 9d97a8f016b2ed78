"""Reads for hub operations, shared by the hub pages and the network reports.

Every function runs a fixed number of queries, whatever the number of hubs or schools.
"""

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from hubs.models import FundingAllocation, Membership, SpendCategory, SpendTarget
from hubs.years import academic_year_end, academic_year_start

ZERO = Decimal("0.00")


@dataclass
class FundingSummary:
    allocation: FundingAllocation | None
    by_category: list[tuple[str, Decimal]]

    @property
    def allocated(self) -> Decimal:
        return self.allocation.amount if self.allocation else ZERO

    @property
    def spent(self) -> Decimal:
        return sum((amount for _, amount in self.by_category), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def is_overspent(self) -> bool:
        return self.remaining < 0


def spend_by_category(entries) -> list[tuple[str, Decimal]]:
    """(category label, total) for every category, in the categories' own order; one query."""
    totals = dict(entries.values_list("category").annotate(total=Sum("amount")).order_by())
    return [(label, totals.get(value, ZERO)) for value, label in SpendCategory.choices]


def funding_summary(hub, year: int) -> FundingSummary:
    """The hub's allocation for the year and its spend by category; two queries."""
    allocation = FundingAllocation.objects.filter(hub=hub, academic_year=year).first()
    if allocation is None:
        return FundingSummary(None, [(label, ZERO) for _, label in SpendCategory.choices])
    return FundingSummary(allocation, spend_by_category(allocation.spend_entries.all()))


@dataclass
class CategoryLine:
    label: str
    spent: Decimal
    target: SpendTarget | None

    @property
    def is_over_target(self) -> bool:
        return self.target is not None and self.spent > self.target.amount


def spend_targets(hub, year: int) -> dict[str, SpendTarget]:
    """The hub's agreed targets for the year by category, with who agreed them; one query."""
    rows = SpendTarget.objects.filter(hub=hub, academic_year=year).select_related("agreed_by")
    return {target.category: target for target in rows}


def spend_against_targets(summary: FundingSummary, targets: dict) -> list[CategoryLine]:
    categories = [value for value, _ in SpendCategory.choices]
    return [
        CategoryLine(label, spent, targets.get(category))
        for category, (label, spent) in zip(categories, summary.by_category, strict=True)
    ]


def movement_years(year: int, count: int = 6) -> list[int]:
    return list(range(year - count + 1, year + 1))


def membership_movements(years: list[int], hub_ids: Collection[int] | None = None) -> list[dict]:
    """Per academic year: joined, moved in, left, moved out, and members on its last day.

    A move closes one membership (reason "moved") and opens another on the same day; the new
    one is a move in, not a joiner. For the whole network moves in and out are equal. One query.
    """
    memberships = Membership.objects.all()
    if hub_ids is not None:
        memberships = memberships.filter(hub_id__in=hub_ids)
    moved_from = Membership.objects.filter(
        school_id=OuterRef("school_id"),
        left_on=OuterRef("joined_on"),
        leave_reason=Membership.LeaveReason.MOVED,
    )
    memberships = memberships.annotate(moved_in=Exists(moved_from))
    aggregates = {}
    for year in years:
        start, end = academic_year_start(year), academic_year_end(year)
        joined = Q(joined_on__gte=start, joined_on__lte=end)
        left = Q(left_on__gte=start, left_on__lte=end)
        moved = Q(leave_reason=Membership.LeaveReason.MOVED)
        aggregates[f"joined_{year}"] = Count("id", filter=joined & Q(moved_in=False))
        aggregates[f"moved_in_{year}"] = Count("id", filter=joined & Q(moved_in=True))
        aggregates[f"left_{year}"] = Count("id", filter=left & ~moved)
        aggregates[f"moved_out_{year}"] = Count("id", filter=left & moved)
        aggregates[f"members_{year}"] = Count(
            "id", filter=Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end))
        )
    totals = memberships.aggregate(**aggregates)
    keys = ("joined", "moved_in", "left", "moved_out", "members")
    return [{"year": year, **{key: totals[f"{key}_{year}"] for key in keys}} for year in years]
