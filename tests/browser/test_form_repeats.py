"""A create form sent again after Back makes nothing new, even from a fresh copy of the page."""

import pytest
from playwright.sync_api import expect

from hubs.models import ActionPriority
from partnership.lib.once import REPEAT_MESSAGE
from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_priority(page) -> None:
    page.get_by_label("Position").fill("1")
    page.get_by_label("Priority", exact=True).fill("Reading for pleasure")
    page.get_by_label("Owner").fill("Mina Patel")
    page.get_by_label("Success criteria").fill("Every class reads daily.")


@pytest.mark.parametrize("fresh_copy", [False, True], ids=["same-copy", "fresh-copy"])
def test_submit_back_and_submit_again_makes_one_priority(page, hub_manager_a, hub_a, fresh_copy):
    sign_in(page, hub_manager_a)
    form_url = f"{page.base_url}/hubs/{hub_a.slug}/action-plan/new/"
    page.goto(form_url)
    fill_priority(page)
    page.get_by_role("button", name="Save priority").click()
    expect(page.get_by_text("Priority saved.")).to_be_visible()

    page.go_back()
    if fresh_copy:
        # A browser that fetches the page again gets a new token; the person types it again.
        page.goto(form_url)
    if not page.get_by_label("Priority", exact=True).input_value():
        fill_priority(page)
    page.get_by_role("button", name="Save priority").click()

    expect(page.get_by_text(REPEAT_MESSAGE)).to_be_visible()
    assert ActionPriority.objects.filter(hub=hub_a).count() == 1
