"""What a hub manager and the central team tripped over in the first week, tried in the browser."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from hubs.models import SpendEntry
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.events import EventFactory
from tests.factories.operations import FundingAllocationFactory, SpendEntryFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_event_in_9999_is_refused_and_a_future_event_offers_no_attendance(
    page, hub_manager_a, hub_a, school_a
):
    starts = timezone.localtime() + datetime.timedelta(days=10)
    future = EventFactory(
        hub=hub_a,
        title="Summer conference",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    sign_in(page, hub_manager_a)

    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/events/new/")
    starts_field = page.get_by_label("Starts at")
    assert starts_field.get_attribute("max").endswith("T23:59")
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Title").fill("Far away")
    # The browser's own limit is the min/max; typed past it, the server says why.
    page.evaluate(
        "() => document.querySelectorAll('input[type=datetime-local]')"
        ".forEach(field => { field.removeAttribute('min'); field.removeAttribute('max'); })"
    )
    starts_field.fill("9999-10-01T10:00")
    page.get_by_label("Ends at").fill("9999-10-01T12:00")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("Choose a date between").first).to_be_visible()
    assert not Event.objects.filter(title="Far away").exists()
    assert_accessible(page)

    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/events/{future.pk}/")
    expect(page.get_by_text("can be recorded here once the event has started")).to_be_visible()
    expect(page.get_by_label(school_a.name)).to_have_count(0)
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]

    year = starts.year if starts.month >= 9 else starts.year - 1
    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/events/?year={year}")
    expect(
        page.get_by_text("Still to come: attendance is recorded after the event.")
    ).to_be_visible()
    assert_accessible(page)


def test_a_hub_manager_edits_then_deletes_a_spend_entry(page, hub_manager_a, hub_a):
    allocation = FundingAllocationFactory(hub=hub_a)
    year = allocation.academic_year
    entry = SpendEntryFactory(allocation=allocation, description="Venue hire", amount=Decimal("80"))
    sign_in(page, hub_manager_a)

    page.set_viewport_size(DESKTOP)
    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/funding/?year={year}")
    page.get_by_role("link", name="Edit Venue hire").click()
    assert_accessible(page)
    page.get_by_label("Amount (£)").fill("95.00")
    page.get_by_role("button", name="Save spend").click()
    expect(page.get_by_text("Spend entry saved.")).to_be_visible()
    entry.refresh_from_db()
    assert entry.amount == Decimal("95.00")

    page.get_by_role("link", name="Delete Venue hire").click()
    expect(page.get_by_text("Delete this spend entry?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delete spend entry").click()
    expect(page.get_by_text("Spend entry deleted")).to_be_visible()
    assert not SpendEntry.objects.filter(pk=entry.pk).exists()
    assert SpendEntry.history.filter(id=entry.pk, history_type="-").exists()


def test_a_double_click_on_record_spend_records_it_once(page, hub_manager_a, hub_a):
    allocation = FundingAllocationFactory(hub=hub_a)
    year = allocation.academic_year
    sign_in(page, hub_manager_a)

    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/funding/spend/new/?year={year}")
    page.get_by_label("Date").fill(f"{year + 1}-01-15")
    page.get_by_label("Amount (£)").fill("20.00")
    page.get_by_label("Category").select_option(label="Staff training")
    page.get_by_label("Description").fill("Books")
    page.get_by_role("button", name="Save spend").dblclick()
    expect(page.get_by_text("Spend recorded.")).to_be_visible()
    assert SpendEntry.objects.filter(description="Books").count() == 1


def test_a_long_unbroken_description_wraps_on_the_funding_page_at_390(page, hub_manager_a, hub_a):
    allocation = FundingAllocationFactory(hub=hub_a)
    SpendEntryFactory(allocation=allocation, description="x" * 290)
    sign_in(page, hub_manager_a)

    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/funding/?year={allocation.academic_year}")

    cell = page.get_by_role("cell", name="x" * 290, exact=True)
    expect(cell).to_be_visible()
    # The text wraps inside its cell, and the table scrolls inside itself.
    assert cell.bounding_box()["width"] < PHONE["width"] / 2
    assert page_width(page) <= PHONE["width"]


def test_the_hub_managers_dashboard_offers_record_spend_and_add_an_event(
    page, hub_manager_a, hub_a
):
    sign_in(page, hub_manager_a)

    page.goto(f"{page.base_url}/")
    actions = page.get_by_role("navigation", name="Common actions")
    expect(actions.get_by_role("link", name="Record spend")).to_be_visible()
    actions.get_by_role("link", name="Add an event").click()
    expect(page.get_by_role("button", name="Save event")).to_be_visible()
    assert page.url.endswith(f"/hubs/{hub_a.slug}/events/new/")
