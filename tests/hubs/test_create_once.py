"""Each hub form that creates a record makes it once: sending the same form again saves nothing."""

from decimal import Decimal
from uuid import uuid4

from django.urls import reverse

from hubs.models import (
    ActionPriority,
    FundingAllocation,
    MembershipChange,
    MembershipFee,
    SpendCategory,
    SpendEntry,
)
from partnership.lib import once
from tests.factories.operations import YEAR, FeeBandFactory, FundingAllocationFactory


def send_twice(client, url, form):
    form = {**form, "submission_token": uuid4()}
    first = client.post(url, form)
    repeat = client.post(url, form, follow=True)
    assert first.status_code == 302
    assert repeat.status_code == 200
    assert once.REPEAT_MESSAGE in repeat.content.decode()


def test_spend_sent_twice_is_recorded_once(client_for, hub_manager_a, hub_a):
    FundingAllocationFactory(hub=hub_a)
    url = reverse("hubs:spend_create", args=[hub_a.slug]) + f"?year={YEAR}"
    form = {
        "spent_on": "2025-10-01",
        "amount": "40.00",
        "category": SpendCategory.STAFF_TRAINING,
        "description": "Phonics",
    }

    send_twice(client_for(hub_manager_a), url, form)

    assert SpendEntry.objects.count() == 1


def test_a_priority_sent_twice_is_added_once(client_for, hub_manager_a, hub_a):
    url = reverse("hubs:priority_create", args=[hub_a.slug]) + f"?year={YEAR}"
    form = {
        "position": 1,
        "title": "Reading",
        "owner": "Mina",
        "success_criteria": "All read",
        "status": "green",
    }

    send_twice(client_for(hub_manager_a), url, form)

    assert ActionPriority.objects.count() == 1


def test_a_membership_change_sent_twice_is_recorded_once(
    client_for, hub_manager_a, hub_a, school_a
):
    url = reverse("hubs:membership_change_create", args=[hub_a.slug])
    form = {"kind": "leave", "urn": school_a.urn, "effective_on": "2026-12-31"}

    send_twice(client_for(hub_manager_a), url, form)

    assert MembershipChange.objects.count() == 1


def test_fees_set_twice_with_one_form_are_set_once(client_for, central_team, hub_a, school_a):
    FeeBandFactory()
    url = reverse("hubs:fees_create", args=[hub_a.slug]) + f"?year={YEAR}"

    send_twice(client_for(central_team), url, {})

    assert MembershipFee.objects.count() == 1


def test_an_allocation_sent_twice_is_made_once_and_not_overwritten(client_for, central_team, hub_a):
    client = client_for(central_team)
    url = reverse("hubs:allocation_set", args=[hub_a.slug]) + f"?year={YEAR}"
    token = uuid4()

    client.post(url, {"amount": "1000", "submission_token": token})
    client.post(url, {"amount": "1000", "submission_token": token})

    assert FundingAllocation.objects.get().amount == Decimal("1000")
    assert FundingAllocation.objects.count() == 1


def test_a_refused_spend_keeps_its_token_for_the_corrected_form(client_for, hub_manager_a, hub_a):
    FundingAllocationFactory(hub=hub_a, amount=Decimal("50.00"))
    client = client_for(hub_manager_a)
    url = reverse("hubs:spend_create", args=[hub_a.slug]) + f"?year={YEAR}"
    form = {
        "spent_on": "2025-10-01",
        "amount": "80.00",
        "category": SpendCategory.STAFF_TRAINING,
        "description": "Over",
        "submission_token": uuid4(),
    }

    asked = client.post(url, form)
    confirmed = client.post(url, {**form, "confirm_overspend": "on"})

    assert asked.status_code == 200 and confirmed.status_code == 302
    assert SpendEntry.objects.get().overspend is True
