"""A hub manager signs in, finds one of their schools on the dashboard and edits it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.hubs import SchoolFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_hub_manager_edits_their_school_and_cannot_open_another_hubs(
    page, hub_manager_a, school_a, school_b
):
    SchoolFactory(name="Another Alder School", hub=school_a.hub)

    sign_in(page, hub_manager_a)
    expect(page.get_by_role("heading", name="Your schools")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=school_a.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(school_a.name))
    assert_accessible(page)

    page.get_by_role("link", name="Edit details").click()
    assert_accessible(page)
    page.get_by_label("Pupils on roll").fill("412")
    page.get_by_role("button", name=re.compile("Save")).click()

    expect(page.get_by_text("412")).to_be_visible()
    school_a.refresh_from_db()
    assert school_a.pupils_on_roll == 412

    response = page.goto(f"{page.base_url}/schools/{school_b.urn}/")
    assert response.status == 404
