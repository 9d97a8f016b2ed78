"""The network's money for one academic year, as rows ready for a table and its CSV.

Each function takes the year and, where the figure exists per hub, an optional hub. Income other
than fees and the activity budgets belong to the network, not to a hub. Every figure is a few
aggregate queries, whatever the size of the network.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth

from finance.models import ActivityBudget, IncomeEntry, IncomeSource, Quarter, SpendForecast
from hubs.models import MembershipFee, SpendCategory, SpendEntry

ZERO = Decimal("0.00")
MEMBERSHIP_FEES = "Membership fees"


@dataclass(frozen=True)
class FeeTotals:
    schools: int
    set: Decimal
    invoiced: Decimal
    paid: Decimal

    @property
    def unpaid(self) -> Decimal:
        return self.set - self.paid


def membership_fees(year: int, hub=None) -> FeeTotals:
    """The year's fees: how many schools have one, and the total set, invoiced and paid."""
    fees = MembershipFee.objects.filter(academic_year=year)
    if hub is not None:
        fees = fees.filter(hub=hub)
    totals = fees.aggregate(
        schools=Count("school", distinct=True),
        set=Sum("amount"),
        invoiced=Sum("amount", filter=Q(invoiced_on__isnull=False)),
        paid=Sum("amount", filter=Q(paid_on__isnull=False)),
    )
    return FeeTotals(
        schools=totals["schools"],
        set=totals["set"] or ZERO,
        invoiced=totals["invoiced"] or ZERO,
        paid=totals["paid"] or ZERO,
    )


def income_by_source(year: int) -> list[tuple[str, Decimal]]:
    """(source, amount) for each source, membership fees (the fees set for the year) first,
    then every entered source, zero where nothing came in; the total last."""
    entered = dict(
        IncomeEntry.objects.filter(academic_year=year)
        .values_list("source")
        .annotate(total=Sum("amount"))
        .values_list("source", "total")
    )
    rows = [(MEMBERSHIP_FEES, membership_fees(year).set)]
    rows += [(label, entered.get(value, ZERO)) for value, label in IncomeSource.choices]
    rows.append(("Total", sum((amount for _, amount in rows), ZERO)))
    return rows


def spend_by_activity(year: int, hub=None) -> dict[str, Decimal]:
    entries = SpendEntry.objects.filter(allocation__academic_year=year)
    if hub is not None:
        entries = entries.filter(allocation__hub=hub)
    return dict(
        entries.values_list("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )


@dataclass(frozen=True)
class BudgetRow:
    activity: str
    budget: Decimal | None
    spent: Decimal
    agreed_on: object
    agreed_by: str

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent


def budget_against_spend(year: int) -> list[BudgetRow]:
    """Each activity's budget (blank where none was agreed) against what the hubs spent on it."""
    budgets = {b.category: b for b in ActivityBudget.objects.filter(academic_year=year)}
    spent = spend_by_activity(year)
    rows = []
    for value, label in SpendCategory.choices:
        budget = budgets.get(value)
        rows.append(
            BudgetRow(
                activity=label,
                budget=budget.amount if budget else None,
                spent=spent.get(value, ZERO),
                agreed_on=budget.agreed_on if budget else None,
                agreed_by=budget.agreed_by if budget else "",
            )
        )
    return rows


QUARTER_OF_MONTH = {month: ((month - 9) % 12) // 3 + 1 for month in range(1, 13)}


def forecast_against_actual(year: int) -> list[tuple[str, Decimal, Decimal]]:
    """(quarter, forecast, actual) for the four quarters: forecasts summed over activities,
    actual the hubs' spend dated in that quarter."""
    forecasts = dict(
        SpendForecast.objects.filter(academic_year=year)
        .values_list("quarter")
        .annotate(total=Sum("amount"))
        .values_list("quarter", "total")
    )
    by_month = (
        SpendEntry.objects.filter(allocation__academic_year=year)
        .annotate(month=ExtractMonth("spent_on"))
        .values_list("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    )
    actual = dict.fromkeys(Quarter.values, ZERO)
    for month, total in by_month:
        actual[QUARTER_OF_MONTH[month]] += total
    return [(label, forecasts.get(value, ZERO), actual[value]) for value, label in Quarter.choices]
