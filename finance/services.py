"""Changes to the network's finances: each validated in the model and made in one transaction."""

from django.db import transaction

from finance.models import ActivityBudget, IncomeEntry, SpendForecast


@transaction.atomic
def income_record(*, source, received_on, amount, description, by) -> IncomeEntry:
    entry = IncomeEntry(
        source=source,
        received_on=received_on,
        amount=amount,
        description=description,
        recorded_by=by,
    )
    entry.full_clean(exclude=["academic_year"])
    entry.save()
    return entry


@transaction.atomic
def budget_set(*, academic_year, category, amount, agreed_on, agreed_by, by) -> ActivityBudget:
    """The year's budget for one activity: made, or replaced when it is agreed again."""
    budget = (
        ActivityBudget.objects.select_for_update()
        .filter(academic_year=academic_year, category=category)
        .first()
    ) or ActivityBudget(academic_year=academic_year, category=category)
    budget.amount = amount
    budget.agreed_on = agreed_on
    budget.agreed_by = agreed_by
    budget.recorded_by = by
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def forecast_set(*, academic_year, quarter, category, amount, by) -> SpendForecast:
    """One activity's forecast for one quarter: made, or replaced by the newer forecast."""
    forecast = (
        SpendForecast.objects.select_for_update()
        .filter(academic_year=academic_year, quarter=quarter, category=category)
        .first()
    ) or SpendForecast(academic_year=academic_year, quarter=quarter, category=category)
    forecast.amount = amount
    forecast.recorded_by = by
    forecast.full_clean()
    forecast.save()
    return forecast
