"""Who may open and change each hub operations page."""

import pytest
from django.urls import reverse

from tests.factories.operations import (
    ActionPriorityFactory,
    FundingAllocationFactory,
    HubEventFactory,
    MembershipFeeFactory,
    SpendEntryFactory,
)

READ_PAGES = [
    "hubs:funding",
    "hubs:action_plan",
    "hubs:events",
    "hubs:events_ics",
    "hubs:membership",
]
CHANGE_PAGES = [
    "hubs:spend_create",
    "hubs:priority_create",
    "hubs:event_create",
    "hubs:membership_change_create",
]


@pytest.fixture
def allocation_a(hub_a):
    return FundingAllocationFactory(hub=hub_a)


@pytest.mark.parametrize("name", READ_PAGES + CHANGE_PAGES)
def test_anonymous_is_sent_to_login(client, hub_a, name):
    response = client.get(reverse(name, args=[hub_a.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", READ_PAGES + CHANGE_PAGES)
def test_hub_manager_opens_own_hubs_pages(client_for, hub_manager_a, hub_a, allocation_a, name):
    response = client_for(hub_manager_a).get(reverse(name, args=[hub_a.slug]) + "?year=2025")
    assert response.status_code == 200


@pytest.mark.parametrize("name", READ_PAGES + CHANGE_PAGES)
def test_hub_manager_cannot_open_another_hubs_pages(client_for, hub_manager_a, hub_b, name):
    assert client_for(hub_manager_a).get(reverse(name, args=[hub_b.slug])).status_code == 404


@pytest.mark.parametrize("name", READ_PAGES)
def test_senior_partner_reads_own_hub(client_for, senior_partner_a, hub_a, name):
    assert client_for(senior_partner_a).get(reverse(name, args=[hub_a.slug])).status_code == 200


@pytest.mark.parametrize("name", CHANGE_PAGES)
def test_senior_partner_cannot_change(client_for, senior_partner_a, hub_a, name):
    assert client_for(senior_partner_a).get(reverse(name, args=[hub_a.slug])).status_code == 403


@pytest.mark.parametrize("name", READ_PAGES + CHANGE_PAGES)
def test_school_contact_gets_404(client_for, contact_b, hub_b, name):
    assert client_for(contact_b).get(reverse(name, args=[hub_b.slug])).status_code == 404


@pytest.mark.parametrize("name", READ_PAGES + CHANGE_PAGES)
def test_central_team_opens_every_hubs_pages(client_for, central_team, hub_b, name):
    FundingAllocationFactory(hub=hub_b)
    assert client_for(central_team).get(reverse(name, args=[hub_b.slug])).status_code == 200


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


def test_allocation_set_is_post_only(client_for, central_team, hub_a):
    url = reverse("hubs:allocation_set", args=[hub_a.slug])
    assert client_for(central_team).get(url).status_code == 405


@pytest.mark.parametrize(
    "name, make",
    [
        ("hubs:priority_edit", lambda hub: ActionPriorityFactory(hub=hub)),
        ("hubs:event_edit", lambda hub: HubEventFactory(hub=hub)),
    ],
)
def test_edit_pages_scope(client_for, hub_manager_a, senior_partner_a, hub_a, hub_b, name, make):
    own, other = make(hub_a), make(hub_b)
    manager = client_for(hub_manager_a)
    assert manager.get(reverse(name, args=[hub_a.slug, own.pk])).status_code == 200
    assert manager.get(reverse(name, args=[hub_b.slug, other.pk])).status_code == 404
    # Another hub's record under this hub's address is not found either.
    assert manager.get(reverse(name, args=[hub_a.slug, other.pk])).status_code == 404
    partner = client_for(senior_partner_a)
    assert partner.get(reverse(name, args=[hub_a.slug, own.pk])).status_code == 403


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


def test_receipt_download_is_scoped(client_for, hub_manager_a, contact_b, hub_a, hub_b):
    entry = SpendEntryFactory(allocation__hub=hub_b)
    url = reverse("hubs:spend_receipt", args=[hub_b.slug, entry.pk])
    assert client_for(hub_manager_a).get(url).status_code == 404
    assert client_for(contact_b).get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["hubs:membership_changes", "hubs:gias_import", "hubs:membership_import"]
)
def test_central_pages_are_central_team_only(
    client, client_for, central_team, hub_manager_a, contact_b, name
):
    url = reverse(name)
    assert client.get(url).status_code == 302
    assert client_for(hub_manager_a).get(url).status_code == 404
    assert client_for(contact_b).get(url).status_code == 404
    assert client_for(central_team).get(url).status_code == 200
