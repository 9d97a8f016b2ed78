"""The network's finances: each figure against a small network built by hand, the pages' access,
the one-time token on entry forms, and the CSV of each table.

Cast: the central team, hub A's manager; hubs A and B with one school each.
"""

import datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance import figures
from finance import services as finance
from finance.models import ActivityBudget, IncomeEntry, IncomeSource, SpendForecast
from hubs.models import SpendCategory
from tests.factories.operations import (
    FundingAllocationFactory,
    MembershipFeeFactory,
    SpendEntryFactory,
)

YEAR = 2025
D = Decimal
WORKSHOPS = SpendCategory.WORKSHOPS_AND_EVENTS
TRAINING = SpendCategory.STAFF_TRAINING


@pytest.fixture
def network(hub_a, hub_b, school_a, school_b, central_team):
    """Fees, income, budgets, forecasts and spend in 2025/26, and some in the years around it."""
    MembershipFeeFactory(
        school=school_a,
        hub=hub_a,
        academic_year=YEAR,
        amount=D("500"),
        invoiced_on=datetime.date(2025, 9, 10),
        paid_on=datetime.date(2025, 10, 1),
    )
    MembershipFeeFactory(
        school=school_b,
        hub=hub_b,
        academic_year=YEAR,
        amount=D("300"),
        invoiced_on=datetime.date(2025, 9, 10),
    )
    MembershipFeeFactory(school=school_a, hub=hub_a, academic_year=YEAR - 1, amount=D("450"))
    for source, day, amount in [
        (IncomeSource.GRANT, datetime.date(2025, 9, 1), D("1000")),
        (IncomeSource.GRANT, datetime.date(2026, 8, 31), D("250")),
        (IncomeSource.PROGRAMME, datetime.date(2026, 1, 5), D("80")),
        (IncomeSource.GRANT, datetime.date(2025, 8, 31), D("9999")),  # the year before
    ]:
        finance.income_record(
            source=source, received_on=day, amount=amount, description="Income", by=central_team
        )
    finance.budget_set(
        academic_year=YEAR,
        category=WORKSHOPS,
        amount=D("400"),
        agreed_on=datetime.date(2025, 7, 1),
        agreed_by="Senior partners, July",
        by=central_team,
    )
    finance.forecast_set(
        academic_year=YEAR, quarter=1, category=WORKSHOPS, amount=D("100"), by=central_team
    )
    finance.forecast_set(
        academic_year=YEAR, quarter=1, category=TRAINING, amount=D("50"), by=central_team
    )
    finance.forecast_set(
        academic_year=YEAR, quarter=4, category=WORKSHOPS, amount=D("70"), by=central_team
    )
    allocation_a = FundingAllocationFactory(hub=hub_a, academic_year=YEAR)
    allocation_b = FundingAllocationFactory(hub=hub_b, academic_year=YEAR)
    SpendEntryFactory(
        allocation=allocation_a,
        spent_on=datetime.date(2025, 11, 30),
        amount=D("120"),
        category=WORKSHOPS,
    )
    SpendEntryFactory(
        allocation=allocation_b,
        spent_on=datetime.date(2025, 12, 1),
        amount=D("30"),
        category=WORKSHOPS,
    )
    SpendEntryFactory(
        allocation=allocation_b,
        spent_on=datetime.date(2026, 8, 31),
        amount=D("5"),
        category=TRAINING,
    )
    SpendEntryFactory(
        allocation=FundingAllocationFactory(hub=hub_a, academic_year=YEAR - 1),
        spent_on=datetime.date(2025, 3, 1),
        amount=D("777"),
        category=WORKSHOPS,
    )


def test_membership_fees_are_totalled_for_the_network_and_a_hub(network, hub_a, hub_b):
    totals = figures.membership_fees(YEAR)
    assert (totals.schools, totals.set, totals.invoiced, totals.paid, totals.unpaid) == (
        2,
        D("800"),
        D("800"),
        D("500"),
        D("300"),
    )
    assert figures.membership_fees(YEAR, hub=hub_b).set == D("300")
    assert figures.membership_fees(YEAR - 1).set == D("450")


def test_income_by_source_counts_fees_and_income_dated_in_the_year(network):
    assert figures.income_by_source(YEAR) == [
        ("Membership fees", D("800")),
        ("Grants", D("1250")),
        ("Programme income", D("80")),
        ("Other income", D("0")),
        ("Total", D("2130")),
    ]
    assert IncomeEntry.objects.get(amount=D("9999")).academic_year == YEAR - 1


def test_budget_against_spend_by_activity(network):
    rows = {row.activity: row for row in figures.budget_against_spend(YEAR)}
    workshops = rows["Workshops and events"]
    assert (workshops.budget, workshops.spent, workshops.remaining) == (
        D("400"),
        D("150"),
        D("250"),
    )
    assert workshops.agreed_by == "Senior partners, July"
    training = rows["Staff training"]
    assert (training.budget, training.spent, training.remaining) == (None, D("5"), None)


def test_setting_a_budget_again_replaces_it(network, central_team):
    finance.budget_set(
        academic_year=YEAR,
        category=WORKSHOPS,
        amount=D("450"),
        agreed_on=datetime.date(2025, 12, 1),
        agreed_by="Senior partners, December",
        by=central_team,
    )
    assert ActivityBudget.objects.get(academic_year=YEAR, category=WORKSHOPS).amount == D("450")
    assert ActivityBudget.objects.count() == 1


def test_forecast_against_actual_by_quarter(network):
    assert figures.forecast_against_actual(YEAR) == [
        ("Q1 (Sep–Nov)", D("150"), D("120")),
        ("Q2 (Dec–Feb)", D("0"), D("30")),
        ("Q3 (Mar–May)", D("0"), D("0")),
        ("Q4 (Jun–Aug)", D("70"), D("5")),
    ]


def test_a_forecast_cannot_be_negative(network, central_team):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        finance.forecast_set(
            academic_year=YEAR, quarter=2, category=WORKSHOPS, amount=D("-1"), by=central_team
        )
    assert not SpendForecast.objects.filter(quarter=2).exists()


def test_the_central_team_reads_the_page_and_hub_staff_get_404(
    network,
    client_for,
    central_team,
    hub_manager_a,
    senior_partner_a,
    contact_a,
    django_assert_max_num_queries,
):
    url = reverse("finance:overview") + f"?year={YEAR}"
    client = client_for(central_team)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert "Senior partners, July" in response.content.decode()
    for user in (hub_manager_a, senior_partner_a, contact_a):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get(reverse("finance:income_create")).status_code == 404


def test_each_table_downloads_as_csv(network, client_for, central_team):
    response = client_for(central_team).get(
        reverse("finance:table_csv", args=["income"]) + f"?year={YEAR}"
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "Source,Amount (£)"
    assert lines[-1] == "Total,2130.00"
    missing = client_for(central_team).get(reverse("finance:table_csv", args=["nothing"]))
    assert missing.status_code == 404


def test_income_sent_twice_is_recorded_once(network, client_for, central_team):
    client = client_for(central_team)
    form = {
        "submission_token": uuid4(),
        "source": IncomeSource.OTHER,
        "received_on": "2026-02-02",
        "amount": "12.50",
        "description": "Conference stall",
    }
    url = reverse("finance:income_create") + f"?year={YEAR}"
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert IncomeEntry.objects.filter(description="Conference stall").count() == 1
    assert figures.income_by_source(YEAR)[3] == ("Other income", D("12.50"))


def test_budget_form_sets_the_year_budget(network, client_for, central_team):
    url = reverse("finance:budget_set") + f"?year={YEAR}"
    response = client_for(central_team).post(
        url,
        {
            "submission_token": uuid4(),
            "category": TRAINING,
            "amount": "60",
            "agreed_on": "2025-07-01",
            "agreed_by": "Senior partners, July",
        },
    )
    assert response.status_code == 302
    assert ActivityBudget.objects.get(academic_year=YEAR, category=TRAINING).amount == D("60")


def test_the_page_runs_the_same_queries_for_more_hubs_and_entries(
    network, client_for, central_team
):
    client = client_for(central_team)
    url = reverse("finance:overview") + f"?year={YEAR}"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(3):
        allocation = FundingAllocationFactory(academic_year=YEAR)
        SpendEntryFactory(allocation=allocation, spent_on=datetime.date(2026, 3, 3))
        MembershipFeeFactory(hub=allocation.hub, academic_year=YEAR)
    with CaptureQueriesContext(connection) as larger:
        client.get(url)
    assert len(larger) == len(small)
