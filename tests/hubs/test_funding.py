"""Spend against a hub's allocation: over the allocation needs a confirmation and is flagged."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from hubs import operations_services as ops
from hubs.models import SpendCategory, SpendEntry
from partnership.reports import build
from tests.factories.operations import YEAR, FundingAllocationFactory, SpendEntryFactory

DAY = datetime.date(YEAR, 11, 3)


def record(allocation, amount: str, by, *, confirm: bool = False) -> SpendEntry:
    return ops.spend_record(
        allocation=allocation,
        spent_on=DAY,
        amount=Decimal(amount),
        category=SpendCategory.STAFF_TRAINING,
        description="Training",
        confirm_overspend=confirm,
        by=by,
    )


@pytest.fixture
def allocation(hub_a):
    allocation = FundingAllocationFactory(hub=hub_a, amount=Decimal("1000.00"))
    SpendEntryFactory(allocation=allocation, amount=Decimal("900.00"))
    return allocation


def test_spend_within_the_allocation_is_recorded_unflagged(allocation, hub_manager_a):
    entry = record(allocation, "100.00", hub_manager_a)

    assert entry.overspend is False


def test_spend_over_the_allocation_needs_confirming_and_saves_nothing_until_then(
    allocation, hub_manager_a
):
    with pytest.raises(ops.OverspendNeedsConfirmation) as raised:
        record(allocation, "100.01", hub_manager_a)

    assert raised.value.remaining == Decimal("100.00")
    assert allocation.spend_entries.count() == 1


def test_confirmed_overspend_is_recorded_flagged_and_shown_to_the_central_team(
    allocation, hub_manager_a
):
    entry = record(allocation, "250.00", hub_manager_a, confirm=True)

    assert entry.overspend is True
    assert [row.pk for row in build(YEAR).figures["flagged"]] == [entry.pk]


def test_the_spend_page_asks_before_overspending(client_for, hub_manager_a, hub_a, allocation):
    url = reverse("hubs:spend_create", args=[hub_a.slug]) + f"?year={YEAR}"
    form = {
        "spent_on": DAY.isoformat(),
        "amount": "300.00",
        "category": SpendCategory.STAFF_TRAINING,
        "description": "Phonics training",
    }
    client = client_for(hub_manager_a)

    asked = client.post(url, form)
    assert asked.status_code == 200
    assert "confirm" in asked.content.decode().lower()
    assert allocation.spend_entries.count() == 1

    confirmed = client.post(url, {**form, "confirm_overspend": "on"})
    assert confirmed.status_code == 302
    entry = allocation.spend_entries.get(description="Phonics training")
    assert entry.overspend and entry.recorded_by == hub_manager_a


@pytest.mark.django_db(transaction=True)
def test_two_entries_that_fit_alone_but_not_together_cannot_both_pass_unconfirmed(
    hub_a, hub_manager_a
):
    allocation = FundingAllocationFactory(hub=hub_a, amount=Decimal("1000.00"))
    barrier = threading.Barrier(2)
    recorded, told = [], []

    def add():
        try:
            barrier.wait()
            recorded.append(record(allocation, "600.00", hub_manager_a))
        except ops.OverspendNeedsConfirmation:
            told.append(True)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # The allocation row is locked: the second waits, counts the first, and is asked to confirm.
    assert (len(recorded), len(told)) == (1, 1)
    assert allocation.spend_entries.count() == 1
    assert not allocation.spend_entries.filter(overspend=True).exists()
