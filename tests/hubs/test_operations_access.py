"""Changes to hub operations refused or made: what is stored after each (the URL access matrix
checks who gets which status code)."""

import pytest
from django.urls import reverse

from tests.factories.events import EventFactory
from tests.factories.operations import (
    ActionPriorityFactory,
    FundingAllocationFactory,
    MembershipFeeFactory,
)


@pytest.fixture
def allocation_a(hub_a):
    return FundingAllocationFactory(hub=hub_a)


def test_senior_partner_cannot_post_spend(client_for, senior_partner_a, hub_a, allocation_a):
    url = reverse("hubs:spend_create", args=[hub_a.slug]) + "?year=2025"
    response = client_for(senior_partner_a).post(url, {"amount": "10"})
    assert response.status_code == 403
    assert not allocation_a.spend_entries.exists()


def test_hub_manager_cannot_set_allocation(client_for, hub_manager_a, hub_a, allocation_a):
    url = reverse("hubs:allocation_set", args=[hub_a.slug]) + "?year=2025"
    assert client_for(hub_manager_a).post(url, {"amount": "99999"}).status_code == 403
    allocation_a.refresh_from_db()
    assert allocation_a.amount == 1000


def test_central_team_sets_allocation(client_for, central_team, hub_a, allocation_a):
    url = reverse("hubs:allocation_set", args=[hub_a.slug]) + "?year=2025"
    client_for(central_team).post(url, {"amount": "2500.50"})
    allocation_a.refresh_from_db()
    assert str(allocation_a.amount) == "2500.50"


@pytest.mark.parametrize(
    "name, make",
    [
        ("hubs:priority_edit", lambda hub: ActionPriorityFactory(hub=hub)),
        ("events:hub_event_edit", lambda hub: EventFactory(hub=hub)),
    ],
)
def test_another_hubs_record_under_this_hubs_address_is_not_found(
    client_for, hub_manager_a, hub_a, hub_b, name, make
):
    other = make(hub_b)

    response = client_for(hub_manager_a).get(reverse(name, args=[hub_a.slug, other.pk]))

    assert response.status_code == 404


def test_fee_edit_is_central_team_only(client_for, central_team, hub_manager_a, school_a, hub_a):
    fee = MembershipFeeFactory(school=school_a)
    url = reverse("hubs:fee_edit", args=[hub_a.slug, fee.pk])
    assert client_for(hub_manager_a).get(url).status_code == 403
    response = client_for(central_team).post(
        url, {"invoiced_on": "2025-09-10", "paid_on": "2025-10-01"}
    )
    assert response.status_code == 302
    fee.refresh_from_db()
    assert fee.status == "Paid"
