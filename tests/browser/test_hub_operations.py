"""A hub manager records spend and an event; the central team imports GIAS and reads reports."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Event
from hubs.models import School, SpendEntry
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.operations import FundingAllocationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GIAS_SAMPLE = Path(__file__).resolve().parent.parent / "hubs" / "data" / "gias_sample_2024.csv"


def test_hub_manager_records_spend_and_an_event(page, hub_manager_a, hub_a, school_a):
    allocation = FundingAllocationFactory(hub=hub_a)
    year = allocation.academic_year

    sign_in(page, hub_manager_a)
    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/funding/?year={year}")
    assert_accessible(page)
    page.get_by_role("link", name="Record spend").click()
    assert_accessible(page)
    page.get_by_label("Date").fill(f"{year + 1}-01-15")
    page.get_by_label("Amount (£)").fill("120.50")
    page.get_by_label("Category").select_option(label="Staff training")
    page.get_by_label("Description").fill("Phonics training for two teachers")
    page.get_by_role("button", name="Save spend").click()
    expect(
        page.get_by_role("cell", name="Phonics training for two teachers", exact=True)
    ).to_be_visible()
    spend = SpendEntry.objects.get(allocation=allocation)
    assert str(spend.amount) == "120.50"

    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/events/new/")
    assert_accessible(page)
    page.get_by_label("Kind").select_option(label="TeachMeet")
    page.get_by_label("Title").fill("Spring TeachMeet")
    page.get_by_label("Starts at").fill(f"{year + 1}-03-10T16:00")
    page.get_by_label("Ends at").fill(f"{year + 1}-03-10T18:00")
    page.get_by_role("button", name="Save event").click()
    event = Event.objects.get(hub=hub_a)
    assert event.title == "Spring TeachMeet"
    # The event has taken place, so its page offers the schools that attended.
    page.goto(f"{page.base_url}/hubs/{hub_a.slug}/events/{event.pk}/?year={year}")
    page.get_by_label(school_a.name).check()
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text(f"Schools attended (1): {school_a.name}")).to_be_visible()
    assert list(event.schools_attended.all()) == [school_a]
    assert_accessible(page)


def test_central_team_imports_gias_and_opens_the_reports(page, central_team, worker):
    sign_in(page, central_team)
    page.goto(f"{page.base_url}/imports/gias/")
    assert_accessible(page)
    page.get_by_label("CSV file").set_input_files(GIAS_SAMPLE)
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.get_by_role("heading", name="Dry run: nothing changed yet")).to_be_visible()
    assert not School.objects.exists()
    assert_accessible(page)

    # The checked file is kept: Import needs no second upload.
    expect(page.get_by_text("Checked file: gias_sample_2024.csv")).to_be_visible()
    page.get_by_role("button", name="Import this file").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    created = School.objects.count()
    assert created > 0
    expect(page.get_by_text(f"{created} schools created")).to_be_visible()

    page.goto(f"{page.base_url}/reports/")
    expect(page.locator("canvas").first).to_be_visible()
    assert_accessible(page)
