"""The network's finances for a year: income by source, budget against spend by activity,
forecast against actual by quarter and membership fees; with the forms that enter them."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from finance import figures
from finance import services as finance
from finance.forms import BudgetForm, ForecastForm, IncomeForm
from finance.permissions import may_manage_finances
from hubs.operations.forms import YearForm, add_errors
from hubs.operations.views import selected_year
from hubs.years import academic_year_label
from partnership.lib.exports import csv_download
from partnership.lib.once import RepeatedSubmission, create_once_for_form, repeated_response


def require_finance_access(request: HttpRequest) -> None:
    if not may_manage_finances(request.user):
        raise Http404


def money(value) -> str:
    return "" if value is None else f"{value:.2f}"


def finance_tables(year: int) -> dict[str, dict]:
    """Each table of the page: its caption, what it counts, header and rows (amounts in £)."""
    fees = figures.membership_fees(year)
    budgets = figures.budget_against_spend(year)
    return {
        "income": {
            "caption": "Income by source (£)",
            "counts": "Membership fees set for the year, and income entered by the central "
            "team, dated in the academic year.",
            "header": ["Source", "Amount (£)"],
            "rows": [[source, amount] for source, amount in figures.income_by_source(year)],
        },
        "budget": {
            "caption": "Budget against spend by activity (£)",
            "counts": "The budget the senior partners agreed for each activity, and every "
            "hub's recorded spend on it against the year's allocations.",
            "header": [
                "Activity",
                "Budget (£)",
                "Spent (£)",
                "Remaining (£)",
                "Agreed on",
                "Agreed by",
            ],
            "rows": [
                [row.activity, row.budget, row.spent, row.remaining, row.agreed_on, row.agreed_by]
                for row in budgets
            ],
        },
        "forecast": {
            "caption": "Forecast against actual spend by quarter (£)",
            "counts": "Forecasts summed over activities; actual spend is every hub's spend "
            "dated in the quarter.",
            "header": ["Quarter", "Forecast (£)", "Actual (£)", "Difference (£)"],
            "rows": [
                [quarter, forecast, actual, actual - forecast]
                for quarter, forecast, actual in figures.forecast_against_actual(year)
            ],
        },
        "fees": {
            "caption": "Membership fees (£)",
            "counts": "Every member school's fee for the year: set, invoiced and paid.",
            "header": ["Schools with a fee", "Set (£)", "Invoiced (£)", "Paid (£)", "Unpaid (£)"],
            "rows": [[fees.schools, fees.set, fees.invoiced, fees.paid, fees.unpaid]],
        },
    }


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_finance_access(request)
    year = selected_year(request)
    context = {
        "year": year,
        "year_label": academic_year_label(year),
        "year_form": YearForm(initial={"year": year}),
        "tables": finance_tables(year),
    }
    return render(request, "finance/overview.html", context)


@login_required
def table_csv(request: HttpRequest, table: str) -> HttpResponse:
    require_finance_access(request)
    year = selected_year(request)
    tables = finance_tables(year)
    if table not in tables:
        raise Http404
    chosen = tables[table]
    return csv_download(
        [chosen["header"], *chosen["rows"]],
        f"finances-{table}-{academic_year_label(year).replace('/', '-')}.csv",
    )


def entry_page(
    request: HttpRequest, form_class, title: str, save: Callable[[dict, int], object]
) -> HttpResponse:
    """A create form for the chosen year; back to the overview when saved."""
    require_finance_access(request)
    year = selected_year(request)
    overview_url = f"{reverse('finance:overview')}?year={year}"
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_once_for_form(request, form, lambda: save(form.cleaned_data, year))
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, overview_url)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{title} saved for {academic_year_label(year)}.")
            return redirect(overview_url)
    context = {
        "form": form,
        "title": title,
        "year": year,
        "year_label": academic_year_label(year),
        "overview_url": overview_url,
    }
    return render(request, "finance/entry_form.html", context)


@login_required
def income_create(request: HttpRequest) -> HttpResponse:
    def save(data, year):
        return finance.income_record(by=request.user, **data_without_token(data))

    return entry_page(request, IncomeForm, "Income", save)


@login_required
def budget_set(request: HttpRequest) -> HttpResponse:
    def save(data, year):
        return finance.budget_set(academic_year=year, by=request.user, **data_without_token(data))

    return entry_page(request, BudgetForm, "Activity budget", save)


@login_required
def forecast_set(request: HttpRequest) -> HttpResponse:
    def save(data, year):
        return finance.forecast_set(academic_year=year, by=request.user, **data_without_token(data))

    return entry_page(request, ForecastForm, "Forecast", save)


def data_without_token(data: dict) -> dict:
    return {name: value for name, value in data.items() if name != "submission_token"}
