"""At 390 px a list's table scrolls inside itself and its filters fold behind a button."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.hubs import SchoolFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGE_WIDTH = "document.documentElement.scrollWidth"


def test_filters_fold_away_on_a_phone_and_open_when_set_or_wrong(page, hub_manager_a, school_a):
    sign_in(page, hub_manager_a)
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/schools/")
    toggle = page.get_by_role("button", name="Filters", exact=True)
    filters = page.locator("#filters")

    # Folded: the list is on the first screen, and the button opens the filters.
    expect(filters).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("cell", name=school_a.name)).to_be_in_viewport()
    toggle.click()
    expect(filters).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)

    # A filter that is set, or that has an error, is shown without asking.
    page.goto(f"{page.base_url}/schools/?q=Alder")
    expect(filters).to_be_visible()
    expect(page.get_by_label("Name, URN or postcode")).to_have_value("Alder")
    page.goto(f"{page.base_url}/reviews/?status=nonsense")
    expect(filters).to_be_visible()
    expect(filters.locator(".invalid-feedback")).to_contain_text(re.compile("valid choice"))

    # On a desktop there is room: the filters are open and the button is not shown.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{page.base_url}/schools/")
    expect(filters).to_be_visible()
    expect(toggle).to_be_hidden()


def test_a_wide_table_scrolls_inside_itself_by_keyboard_too(page, hub_manager_a, school_a):
    SchoolFactory(name="Aspen Primary School and Nursery Federation", hub=school_a.hub)
    sign_in(page, hub_manager_a)
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/schools/")
    container = page.locator(".table-container")

    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    assert container.evaluate("e => e.scrollWidth > e.clientWidth")
    # It scrolls, so it takes the focus (named after its table) and the arrow keys scroll it.
    expect(container).to_have_attribute("tabindex", "0")
    expect(container).to_have_attribute("role", "region")
    expect(container).to_have_attribute("aria-label", re.compile("[Ss]chools"))
    container.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=container.element_handle())
    assert_accessible(page)

    # Wide enough for the whole table: nothing to scroll, so no extra stop for the Tab key.
    page.set_viewport_size(DESKTOP)
    expect(container).not_to_have_attribute("tabindex", "0")
