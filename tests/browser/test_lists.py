"""The central team filters and sorts the schools list, and reads the other lists."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.brokering import SupportRequestFactory
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import ReviewFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def school_names(page) -> list[str]:
    return page.locator("table tbody tr td:first-child").all_inner_texts()


def test_central_team_filters_by_hub_name_and_sorts(page, central_team, school_a, school_b):
    SchoolFactory(name="Cedar Primary", hub=school_a.hub, pupils_on_roll=30)
    ReviewFactory(school=school_a)
    SupportRequestFactory(school=school_b)

    sign_in(page, central_team)
    page.goto(f"{page.base_url}/schools/")
    assert_accessible(page)
    assert school_names(page) == ["Alder Primary", "Birch Academy", "Cedar Primary"]
    # A wide table scrolls sideways within the page on a narrow screen.
    overflow = page.locator(".table-container").evaluate("e => getComputedStyle(e).overflowX")
    assert overflow == "auto"

    # The hub is typed (the visible hubs' names are suggested), any part of it, any case.
    hub = page.get_by_label("Hub")
    expect(hub).to_have_attribute("list", "hub-names")
    expect(page.locator("datalist#hub-names option")).to_have_count(2)
    hub.fill("hub a")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    assert school_names(page) == ["Alder Primary", "Cedar Primary"]

    # Sorting keeps the filter, and the sorted column says which way it is sorted.
    school_header = page.get_by_role("link", name=re.compile(r"^School\W+sort"))
    school_header.click()
    expect(page.locator("th[aria-sort=ascending]")).to_have_text(re.compile("School"))
    school_header.click()
    expect(page.locator("th[aria-sort=descending]")).to_have_text(re.compile("School"))
    assert school_names(page) == ["Cedar Primary", "Alder Primary"]
    assert "hub=hub+a" in page.url
    assert_accessible(page)

    for path, row in [("/reviews/", "Alder Primary"), ("/brokering/queue/", "Birch Academy")]:
        page.goto(f"{page.base_url}{path}")
        expect(page.get_by_role("cell", name=row)).to_be_visible()
        assert_accessible(page)
