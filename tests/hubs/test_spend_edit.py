"""Spend entries are edited and deleted by the hub's managers, with their history kept."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hubs.models import SpendCategory, SpendEntry
from tests.factories.operations import YEAR, FundingAllocationFactory, SpendEntryFactory


@pytest.fixture
def entry(hub_a):
    allocation = FundingAllocationFactory(hub=hub_a, amount=Decimal("1000.00"))
    return SpendEntryFactory(allocation=allocation, amount=Decimal("100.00"), description="Venue")


def form_of(entry, **changes):
    return {
        "spent_on": entry.spent_on.isoformat(),
        "amount": str(entry.amount),
        "category": entry.category,
        "description": entry.description,
        "version": entry.version,
        **changes,
    }


def edit_url(entry):
    return reverse("hubs:spend_edit", args=[entry.allocation.hub.slug, entry.pk])


def delete_url(entry):
    return reverse("hubs:spend_delete", args=[entry.allocation.hub.slug, entry.pk])


def test_a_manager_edits_an_entry_and_its_history_keeps_the_old_amount(
    client_for, hub_manager_a, entry
):
    response = client_for(hub_manager_a).post(
        edit_url(entry), form_of(entry, amount="120.50", category=SpendCategory.STAFF_TRAINING)
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.amount, entry.category, entry.version) == (
        Decimal("120.50"),
        SpendCategory.STAFF_TRAINING,
        1,
    )
    old, new = entry.history.order_by("history_date")
    assert (old.amount, new.amount) == (Decimal("100.00"), Decimal("120.50"))
    assert new.history_user == hub_manager_a


def test_an_edit_made_meanwhile_is_not_overwritten(client_for, hub_manager_a, entry):
    client = client_for(hub_manager_a)
    seen = form_of(entry)
    client.post(edit_url(entry), {**seen, "description": "First"})

    second = client.post(edit_url(entry), {**seen, "description": "Second"})

    assert second.status_code == 200
    assert "Someone else changed this spend entry" in second.content.decode()
    assert SpendEntry.objects.get(pk=entry.pk).description == "First"
    assert 'value="Second"' in second.content.decode()  # what they typed is kept


def test_an_edit_over_the_allocation_needs_confirming(client_for, hub_manager_a, entry):
    client = client_for(hub_manager_a)

    asked = client.post(edit_url(entry), form_of(entry, amount="1500.00"))
    confirmed = client.post(
        edit_url(entry), form_of(entry, amount="1500.00", confirm_overspend="on")
    )

    assert asked.status_code == 200 and "Confirm to record it" in asked.content.decode()
    assert confirmed.status_code == 302
    entry.refresh_from_db()
    assert (entry.amount, entry.overspend) == (Decimal("1500.00"), True)


def test_delete_asks_first_then_deletes_and_the_history_keeps_it(client_for, hub_manager_a, entry):
    client = client_for(hub_manager_a)

    asked = client.get(delete_url(entry))
    assert asked.status_code == 200
    assert "Delete this spend entry?" in asked.content.decode()
    assert SpendEntry.objects.filter(pk=entry.pk).exists()

    deleted = client.post(delete_url(entry), {"version": entry.version})

    assert deleted.status_code == 302
    assert not SpendEntry.objects.filter(pk=entry.pk).exists()
    last = SpendEntry.history.filter(id=entry.pk).latest("history_date")
    assert (last.history_type, last.description, last.history_user) == (
        "-",
        "Venue",
        hub_manager_a,
    )


def test_the_senior_partner_reads_but_cannot_edit_or_delete(client_for, senior_partner_a, entry):
    client = client_for(senior_partner_a)

    funding = client.get(reverse("hubs:funding", args=[entry.allocation.hub.slug]), {"year": YEAR})

    assert client.post(edit_url(entry), form_of(entry, amount="1.00")).status_code == 403
    assert client.post(delete_url(entry), {"version": 0}).status_code == 403
    assert SpendEntry.objects.get(pk=entry.pk).amount == Decimal("100.00")
    assert "Venue" in funding.content.decode()
    assert edit_url(entry) not in funding.content.decode()


def test_another_hubs_entry_is_not_found(client_for, hub_manager_a, hub_b):
    allocation = FundingAllocationFactory(hub=hub_b)
    entry = SpendEntryFactory(allocation=allocation)
    client = client_for(hub_manager_a)

    assert client.get(edit_url(entry)).status_code == 404
    assert client.post(delete_url(entry), {"version": 0}).status_code == 404
    assert SpendEntry.objects.filter(pk=entry.pk).exists()


def test_the_funding_page_links_each_entry_to_edit_and_delete(client_for, hub_manager_a, entry):
    page = client_for(hub_manager_a).get(
        reverse("hubs:funding", args=[entry.allocation.hub.slug]), {"year": YEAR}
    )

    assert edit_url(entry) in page.content.decode()
    assert delete_url(entry) in page.content.decode()
