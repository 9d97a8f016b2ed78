"""What every page shares: the error pages, the navigation's menus, the history page, the icon."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.hubs import TrustFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")


def shoot(page, name: str) -> None:
    """Screenshots at desktop and phone widths, when a folder for them is given."""
    if not SCREENSHOTS:
        return
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(Path(SCREENSHOTS, f"{name}-{width}.png")), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def csp_violations(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


def test_a_read_only_user_sees_why_they_may_not_change_the_page(page, senior_partner_a, hub_a):
    sign_in(page, senior_partner_a)

    # The senior partner reads their hub's spend but does not record it.
    page.goto(page.base_url + reverse("hubs:spend_create", args=[hub_a.slug]))

    expect(page.get_by_role("heading", name="You may not do that")).to_be_visible()
    expect(page.get_by_text("You can read this but not change it.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert_accessible(page)
    shoot(page, "403")
    page.get_by_role("link", name="Go to your dashboard").click()
    expect(page).to_have_url(page.base_url + reverse("dashboard"))


def test_a_missing_page_offers_the_way_on_through_the_hub_menu(page, hub_manager_a, hub_a):
    sign_in(page, hub_manager_a)

    page.goto(page.base_url + "/no-such-page/")

    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)
    shoot(page, "404")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="My hub").click()
    page.get_by_role("link", name="Funding and spend").click()
    expect(page).to_have_url(page.base_url + reverse("hubs:funding", args=[hub_a.slug]))
    tabs = page.get_by_role("navigation", name="Hub pages")
    tabs.get_by_role("link", name="Overview").click()
    expect(page).to_have_url(page.base_url + reverse("hubs:detail", args=[hub_a.slug]))
    expect(
        page.get_by_role("navigation", name="Hub pages").get_by_role("link", name="Events")
    ).to_be_visible()
    shoot(page, "hub-page")


def test_the_hub_menu_works_at_phone_width(page, senior_partner_a, hub_a):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, senior_partner_a)

    page.get_by_role("button", name="Show or hide the menu").click()
    page.get_by_role("button", name="My hub").click()
    page.get_by_role("link", name="Membership").click()

    expect(page).to_have_url(page.base_url + reverse("hubs:membership", args=[hub_a.slug]))
    # The hub's tabs wrap rather than push the page sideways.
    tabs = page.get_by_role("navigation", name="Hub pages")
    assert tabs.bounding_box()["width"] <= 390


def test_the_central_team_reads_the_history_from_the_menu_without_breaking_the_csp(
    page, central_team
):
    trust = TrustFactory(name="Oak Trust")
    trust.name = "Oak Learning Trust"
    trust.save()
    violations = csp_violations(page)
    sign_in(page, central_team)

    page.get_by_role("link", name="History").click()

    expect(page.get_by_role("heading", name="Change history")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Oak Learning Trust").first
    expect(row.locator("del")).to_have_text("Oak Trust")
    expect(row.get_by_role("link", name="Oak Learning Trust")).to_be_visible()
    assert_accessible(page)
    shoot(page, "history")
    page.get_by_role("button", name="Network data").click()
    expect(page.get_by_role("link", name="Import schools (GIAS)")).to_be_visible()
    assert violations == []


def test_the_site_has_an_icon(page, contact_a):
    sign_in(page, contact_a)

    href = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(page.base_url + href)

    assert response.status == 200
    assert "svg" in response.headers["content-type"]
    assert page.request.get(page.base_url + "/favicon.ico").url.endswith("/static/favicon.svg")
