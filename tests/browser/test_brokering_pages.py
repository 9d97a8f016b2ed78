"""Brokering in the browser: raising once, the queue and its suggestions, the directory's
compare ticks. Screenshots go to $SCREENSHOT_DIR when it is set, to be looked at."""

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from brokering.models import Engagement, Status, SupportRequest
from partnership.lib.once import REPEAT_MESSAGE
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    SupportRequestFactory,
    default_area,
)
from tests.factories.hubs import SchoolFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"desktop": 1280, "phone": 390}


def shoot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder, f"{name}.png")), full_page=True)


def assert_no_sideways_spill(page) -> None:
    """Nothing pushes the page wider than the window, and no card is wider than itself."""
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= page.viewport_size["width"]
    spilling = page.evaluate(
        "Array.from(document.querySelectorAll('.card')).filter("
        "c => c.scrollWidth > c.clientWidth + 1).length"
    )
    assert spilling == 0


def fill_request_form(page) -> None:
    page.get_by_label("Maths (test)").check()
    page.get_by_label("What is needed").fill("Help with maths fluency in year 4.")
    page.get_by_label("Preferred format").select_option("visit")
    wanted = datetime.date.today() + datetime.timedelta(days=21)
    page.get_by_label("Target date").fill(wanted.isoformat())


def test_three_fast_clicks_raise_one_request(page, contact_b, school_b):
    default_area()
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}/brokering/requests/new/")
    date_input = page.get_by_label("Target date")
    assert date_input.get_attribute("min") == datetime.date.today().isoformat()
    fill_request_form(page)

    page.get_by_role("button", name="Raise request").click(click_count=3)

    expect(page.get_by_role("heading", level=1)).to_contain_text("SR-")
    request = SupportRequest.objects.get()
    assert page.url.endswith(request.get_absolute_url())


def test_back_and_send_again_lands_on_the_first_request(page, contact_b, school_b):
    default_area()
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}/brokering/requests/new/")
    fill_request_form(page)
    page.get_by_role("button", name="Raise request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SR-")
    first = SupportRequest.objects.get()

    page.go_back()
    expect(page.get_by_role("button", name="Raise request")).to_be_enabled()
    if not page.get_by_label("What is needed").input_value():
        fill_request_form(page)  # a browser that shows the form afresh keeps its token
    page.get_by_role("button", name="Raise request").click()

    expect(page.get_by_text(REPEAT_MESSAGE)).to_be_visible()
    assert page.url.endswith(first.get_absolute_url())
    assert SupportRequest.objects.count() == 1


def test_a_past_date_is_refused_in_the_form(page, contact_b, school_b):
    default_area()
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}/brokering/requests/new/")
    fill_request_form(page)
    page.get_by_label("Target date").fill("2020-01-01")
    page.get_by_role("button", name="Raise request").click()

    expect(page.get_by_text("cannot be in the past")).to_be_visible()
    expect(page.get_by_label("What is needed")).to_have_value("Help with maths fluency in year 4.")
    assert not SupportRequest.objects.exists()


@pytest.fixture
def matching_request(school_b, hub_a):
    maths = default_area()
    request = SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.MATCHING)
    for n, name in enumerate(["Cedar Primary", "Rowan Primary", "Willow Primary"]):
        provider = SchoolFactory(name=name, hub=hub_a, percent_fsm=Decimal(10 + 20 * n))
        AreaOfExcellenceFactory(school=provider, practice_area=maths)
    SupportRequestFactory(school=school_b, practice_areas=[maths], status=Status.CLOSED)
    return request


@pytest.mark.parametrize("width", WIDTHS)
def test_the_queue_and_suggestions_fit_and_stay(page, central_team, matching_request, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, central_team)

    page.goto(f"{page.base_url}/brokering/queue/")
    expect(page.get_by_role("status").filter(has_text="found")).to_contain_text("1 request found")
    assert page.locator("table[aria-label='Support requests'] tbody tr").count() == 1
    page.get_by_label("Include closed, declined and withdrawn").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status").filter(has_text="found")).to_contain_text("2 requests found")
    shoot(page, f"queue-{width}")
    assert_accessible(page)

    page.goto(f"{page.base_url}{matching_request.get_absolute_url()}")
    expect(page.get_by_text(re.compile(r"Score [\d.]+ of 100")).first).to_be_visible()
    expect(page.locator(".score-table td").first).to_contain_text(re.compile(r" of \d+"))
    assert_no_sideways_spill(page)
    page.get_by_role("button", name="Propose Cedar Primary").click()
    expect(page.locator(".alert").first).to_be_visible()
    assert Engagement.objects.get().provider.name == "Cedar Primary"

    suggestions = page.locator(".suggestion")
    expect(suggestions).to_have_count(3)
    expect(page.get_by_text("Proposed: awaiting an answer")).to_have_count(1)
    expect(page.locator(".suggestion-proposed")).to_contain_text("Cedar Primary")
    expect(page.get_by_role("link", name="Rowan Primary")).to_be_visible()
    assert_no_sideways_spill(page)
    shoot(page, f"suggestions-{width}")
    assert_accessible(page)


def test_a_hub_manager_sees_no_broker_filters(page, hub_manager_a, hub_a):
    maths = default_area()
    SupportRequestFactory(school=SchoolFactory(hub=hub_a), practice_areas=[maths])
    sign_in(page, hub_manager_a)
    page.goto(f"{page.base_url}/brokering/requests/")

    expect(page.get_by_role("status").filter(has_text="found")).to_contain_text("1 request found")
    expect(page.get_by_label("Assigned broker")).to_have_count(0)
    expect(page.get_by_label("Assigned to me")).to_have_count(0)
    expect(page.get_by_label("Include closed, declined and withdrawn")).to_be_visible()
    shoot(page, "hub-requests")


@pytest.mark.parametrize("width", WIDTHS)
def test_schools_are_ticked_in_the_directory_to_compare(page, contact_b, hub_a, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    maths = default_area()
    for n in range(6):
        school = SchoolFactory(name=f"Compare School {n}", hub=hub_a)
        AreaOfExcellenceFactory(school=school, practice_area=maths, description="First review.")
    AreaOfExcellenceFactory(school=school, practice_area=maths, description="Second review.")
    sign_in(page, contact_b)
    page.goto(f"{page.base_url}/brokering/directory/?q=Compare")

    expect(page.get_by_role("cell", name="Maths (test)", exact=True)).to_have_count(6)
    for n in range(5):
        page.get_by_label(f"Compare Compare School {n}").check()
    expect(page.get_by_label("Compare Compare School 5")).to_be_disabled()
    shoot(page, f"directory-{width}")
    assert_accessible(page)
    page.get_by_role("button", name="Compare ticked schools").last.click()

    expect(page.get_by_role("heading", name="Compare schools")).to_be_visible()
    for n in range(5):
        expect(page.get_by_role("link", name=f"Compare School {n}")).to_be_visible()
    assert page.url.count("urn=") == 5
