"""Spend against a hub's allocation: over the allocation needs a confirmation and is flagged."""

import datetime
import re
import threading
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from hubs.models import ActionPriority, SpendCategory, SpendEntry
from hubs.operations import services as ops
from partnership.reports.figures import build
from tests.factories.operations import (
    YEAR,
    ActionPriorityFactory,
    FundingAllocationFactory,
    SpendEntryFactory,
)

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
        "submission_token": uuid4(),
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


PDF = b"%PDF-1.4\n%receipt\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_spending_exactly_what_is_left_is_not_an_overspend(allocation, hub_manager_a):
    entry = record(allocation, "100.00", hub_manager_a)

    assert (entry.overspend, allocation.spend_entries.count()) == (False, 2)


@pytest.mark.parametrize(
    "day, allowed",
    [
        (datetime.date(YEAR, 9, 1), True),
        (datetime.date(YEAR + 1, 8, 31), True),
        (datetime.date(YEAR, 8, 31), False),
        (datetime.date(YEAR + 1, 9, 1), False),
    ],
)
def test_spend_must_fall_in_the_allocations_academic_year(hub_a, day, allowed):
    allocation = FundingAllocationFactory(hub=hub_a)
    entry = SpendEntryFactory.build(allocation=allocation, spent_on=day)

    if allowed:
        entry.full_clean()
    else:
        with pytest.raises(ValidationError) as raised:
            entry.full_clean()
        assert "spent_on" in raised.value.message_dict


def test_a_spend_in_the_wrong_year_is_refused_before_any_overspend_question(
    allocation, hub_manager_a
):
    with pytest.raises(ValidationError) as raised:
        ops.spend_record(
            allocation=allocation,
            spent_on=datetime.date(YEAR + 1, 9, 1),
            amount=Decimal("5000.00"),
            category=SpendCategory.STAFF_TRAINING,
            description="Next year's training",
            by=hub_manager_a,
        )

    assert "spent_on" in raised.value.message_dict
    assert allocation.spend_entries.count() == 1


@pytest.mark.parametrize("other", ["hub", "year"])
def test_spend_links_only_to_a_priority_of_its_own_hub_and_year(allocation, hub_b, other):
    priority = (
        ActionPriorityFactory(hub=hub_b, academic_year=YEAR)
        if other == "hub"
        else ActionPriorityFactory(hub=allocation.hub, academic_year=YEAR + 1)
    )
    entry = SpendEntryFactory.build(allocation=allocation, priority=priority)

    with pytest.raises(ValidationError) as raised:
        entry.full_clean()

    assert "priority" in raised.value.message_dict


def test_an_allocation_cannot_be_negative_nor_set_twice_for_a_year(hub_a):
    FundingAllocationFactory(hub=hub_a, academic_year=YEAR)

    with pytest.raises(ValidationError) as negative:
        FundingAllocationFactory.build(hub=hub_a, academic_year=YEAR + 1, amount=-1).full_clean()
    with pytest.raises(ValidationError) as twice:
        FundingAllocationFactory.build(hub=hub_a, academic_year=YEAR).full_clean()

    assert "amount" in negative.value.message_dict
    assert "already has an allocation" in str(twice.value)


@pytest.mark.parametrize(
    "name, content, accepted",
    [
        ("receipt.pdf", PDF, True),
        ("receipt.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, True),
        ("receipt.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, True),
        ("receipt.pdf", b"MZ\x90\x00 a program renamed", False),
        ("receipt.gif", b"GIF89a" + b"\0" * 20, False),
        ("receipt", PDF, False),
        ("receipt.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), False),
    ],
)
def test_a_receipt_is_a_pdf_jpeg_or_png_of_at_most_5_mb(
    allocation, hub_manager_a, media, name, content, accepted
):
    def attach():
        return ops.spend_record(
            allocation=allocation,
            spent_on=DAY,
            amount=Decimal("10.00"),
            category=SpendCategory.HUB_ADMINISTRATION,
            description="Room hire",
            receipt=SimpleUploadedFile(name, content),
            by=hub_manager_a,
        )

    if accepted:
        assert attach().receipt.name.startswith("receipts/")
    else:
        with pytest.raises(ValidationError) as raised:
            attach()
        assert "receipt" in raised.value.message_dict
        assert allocation.spend_entries.count() == 1


def test_the_funding_page_shows_allocation_spent_and_remaining_by_category(
    client_for, senior_partner_a, hub_a
):
    allocation = FundingAllocationFactory(hub=hub_a, amount=Decimal("1000.00"))
    SpendEntryFactory(allocation=allocation, amount=Decimal("120.50"))
    SpendEntryFactory(
        allocation=allocation, amount=Decimal("79.50"), category=SpendCategory.RESEARCH_PROJECTS
    )
    SpendEntryFactory(
        allocation=allocation, amount=Decimal("30.00"), category=SpendCategory.RESEARCH_PROJECTS
    )

    page = client_for(senior_partner_a).get(
        reverse("hubs:funding", args=[hub_a.slug]), {"year": YEAR}
    )

    # Whitespace between tags is layout, not content.
    text = re.sub(r">\s+<", "><", " ".join(page.content.decode().split()))
    assert '<dt class="col-sm-3">Allocation</dt><dd class="col-sm-9">£1,000.00</dd>' in text
    assert '<dt class="col-sm-3">Spent</dt><dd class="col-sm-9">£230.00</dd>' in text
    assert '<dd class="col-sm-9">£770.00</dd>' in text
    assert 'Research projects</th><td class="text-end">£109.50</td>' in text
    assert 'Workshops and events</th><td class="text-end">£120.50</td>' in text
    assert 'Staff training</th><td class="text-end">£0.00</td>' in text
    assert "(overspent)" not in text


def test_the_funding_page_marks_an_overspent_hub(client_for, hub_manager_a, allocation):
    record(allocation, "150.00", hub_manager_a, confirm=True)

    page = client_for(hub_manager_a).get(
        reverse("hubs:funding", args=[allocation.hub.slug]), {"year": YEAR}
    )

    text = " ".join(page.content.decode().split())
    assert "£-50.00" in text and "(overspent)" in text
    assert "Over allocation: flagged to the central team" in text


def test_the_hubs_own_staff_download_a_receipt(
    client_for, hub_manager_a, senior_partner_a, central_team, allocation, media
):
    entry = record(allocation, "10.00", hub_manager_a)
    entry.receipt = SimpleUploadedFile("receipt.pdf", PDF)
    entry.save()
    url = reverse("hubs:spend_receipt", args=[allocation.hub.slug, entry.pk])

    for user in (hub_manager_a, senior_partner_a, central_team):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"


def test_an_entry_without_a_receipt_has_nothing_to_download(client_for, hub_manager_a, allocation):
    entry = allocation.spend_entries.get()
    url = reverse("hubs:spend_receipt", args=[allocation.hub.slug, entry.pk])

    assert client_for(hub_manager_a).get(url).status_code == 404


def test_a_hub_manager_uploads_a_receipt_with_the_spend(client_for, hub_manager_a, hub_a, media):
    allocation = FundingAllocationFactory(hub=hub_a)
    url = reverse("hubs:spend_create", args=[hub_a.slug]) + f"?year={YEAR}"

    response = client_for(hub_manager_a).post(
        url,
        {
            "spent_on": DAY.isoformat(),
            "amount": "45.00",
            "category": SpendCategory.WORKSHOPS_AND_EVENTS,
            "description": "Venue",
            "receipt": SimpleUploadedFile("venue.pdf", PDF),
            "submission_token": uuid4(),
        },
    )

    assert response.status_code == 302
    entry = allocation.spend_entries.get()
    assert entry.receipt.read() == PDF


def test_the_action_plan_shows_the_spend_linked_to_each_priority(
    client_for, senior_partner_a, hub_a
):
    allocation = FundingAllocationFactory(hub=hub_a)
    phonics = ActionPriorityFactory(hub=hub_a, title="Phonics", status=ActionPriority.Status.GREEN)
    ActionPriorityFactory(hub=hub_a, title="Attendance", status=ActionPriority.Status.RED)
    SpendEntryFactory(allocation=allocation, priority=phonics, amount=Decimal("200.00"))
    SpendEntryFactory(allocation=allocation, priority=phonics, amount=Decimal("50.25"))

    page = client_for(senior_partner_a).get(
        reverse("hubs:action_plan", args=[hub_a.slug]), {"year": YEAR}
    )

    rows = [" ".join(row.split()) for row in page.content.decode().split("<tr>")[2:4]]
    assert "Phonics" in rows[0] and "Green: on track" in rows[0]
    assert '£250.25 <span class="text-body-secondary">(2 entries)' in rows[0]
    assert "Attendance" in rows[1] and "Red: off track" in rows[1]
    assert '£0.00 <span class="text-body-secondary">(0 entries)' in rows[1]
