"""One short journey per role by keyboard alone: Tab, Shift+Tab, Enter and Space.

At every key press the focused element shows a focus indicator (a computed outline or box shadow),
and each press moves the focus on, so it is never stuck. Links and fields are found by where they
lead or what they are, not by their place on the page, so the pages may change around them.
"""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hubs.years import academic_year_of
from tests.factories.hubs import SchoolFactory
from tests.factories.operations import ActionPriorityFactory
from tests.factories.people import TEST_PASSWORD
from tests.security.totp import confirmed_device_for, totp_code_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
# Tab steps through a date field's day, month and year and its calendar button before it leaves the
# field: further presses that stay on the same element.
SEGMENTS = {"date": 3, "datetime-local": 6, "time": 3, "month": 2, "week": 2}

# What has the focus, and whether it shows: an outline or a box shadow drawn around it.
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  window.focusCount = window.focusCount || 0;
  if (!e.dataset.focusSeen) e.dataset.focusSeen = String(++window.focusCount);
  return {
    id: e.dataset.focusSeen,
    tag: e.tagName.toLowerCase(),
    type: e.getAttribute('type') || '',
    name: e.getAttribute('name') || '',
    href: e.getAttribute('href') || '',
    text: (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 60),
    label: e.labels && e.labels.length ? e.labels[0].innerText.trim() : '',
    shown: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
  };
}"""


class Keyboard:
    """Moves through a page with the keys alone, checking the focus at every press."""

    def __init__(self, page):
        self.page = page
        self.path: list[dict] = []

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        focus = self.page.evaluate(FOCUS)
        if focus is not None:
            assert focus["shown"], f"the focus is not visible on {focus} at {self.page.url}"
        return focus

    def tab_to(self, wanted, limit: int = 80) -> dict:
        """Tab until the focused element is the one wanted; every press moves the focus on."""
        self.path = []
        for _ in range(limit):
            focus = self.press("Tab")
            if focus is None:  # past the last element, the focus leaves the page for a press
                continue
            repeats = 0
            while self.path and self.path[-1 - repeats]["id"] == focus["id"]:
                repeats += 1
                if repeats == len(self.path):
                    break
            assert repeats <= SEGMENTS.get(focus["type"], 0), (
                f"the focus is stuck on {focus} at {self.page.url}"
            )
            self.path.append(focus)
            if wanted(focus):
                return focus
        reached = [f"{f['tag']} {f['text'] or f['name'] or f['href']}" for f in self.path]
        raise AssertionError(f"not reached by Tab on {self.page.url}; went through {reached}")

    def back_and_forth(self) -> None:
        """Shift+Tab returns to the element before, and Tab comes back: the focus is not trapped."""
        if len(self.path) < 2:
            return
        before, here = self.path[-2], self.path[-1]
        assert self.press("Shift+Tab")["id"] == before["id"]
        assert self.press("Tab")["id"] == here["id"]

    def follow(self, url: str) -> None:
        """Tab to the link to the URL and press Enter on it."""
        self.tab_to(lambda f: f["tag"] == "a" and f["href"].split("?")[0] == url)
        self.back_and_forth()
        with self.page.expect_navigation(url=f"**{url}"):
            self.page.keyboard.press("Enter")

    def type_into(self, name: str, text: str) -> None:
        self.tab_to(lambda f: f["name"] == name)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(text)

    def submit(self, label: str) -> None:
        self.tab_to(lambda f: f["tag"] in ("button", "input") and label in f["text"])
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


def sign_in_by_keyboard(page, user) -> Keyboard:
    keys = Keyboard(page)
    device = confirmed_device_for(user) if user.needs_two_factor else None
    page.goto(f"{page.base_url}{reverse('account_login')}")
    keys.tab_to(lambda f: f["tag"] == "input" and f["type"] in ("email", "text"))
    page.keyboard.type(user.email)
    keys.tab_to(lambda f: f["type"] == "password")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if device:
        code = totp_code_for(device)
        keys.tab_to(lambda f: f["tag"] == "input" and f["type"] in ("text", "number", "tel"))
        page.keyboard.type(code)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    page.wait_for_url(f"{page.base_url}{reverse('dashboard')}")
    return keys


def test_central_team_edits_a_school_by_keyboard(page, central_team, school_a):
    keys = sign_in_by_keyboard(page, central_team)

    keys.follow(reverse("hubs:school_list"))
    keys.follow(reverse("hubs:school_detail", kwargs={"urn": school_a.urn}))
    keys.follow(reverse("hubs:school_edit", kwargs={"urn": school_a.urn}))
    keys.type_into("pupils_on_roll", "412")
    keys.submit("Save")

    expect(page.get_by_text("412")).to_be_visible()
    school_a.refresh_from_db()
    assert school_a.pupils_on_roll == 412


def test_hub_manager_renames_a_priority_by_keyboard(page, hub_manager_a, hub_a):
    priority = ActionPriorityFactory(
        hub=hub_a,
        academic_year=academic_year_of(datetime.date.today()),
        title="Reading in every class",
    )
    keys = sign_in_by_keyboard(page, hub_manager_a)

    keys.follow(reverse("hubs:detail", kwargs={"slug": hub_a.slug}))
    keys.follow(reverse("hubs:action_plan", kwargs={"slug": hub_a.slug}))
    keys.follow(reverse("hubs:priority_edit", kwargs={"slug": hub_a.slug, "pk": priority.pk}))
    keys.type_into("title", "Reading and writing in every class")
    keys.submit("Save")

    expect(page.get_by_role("rowheader", name="Reading and writing in every class")).to_be_visible()
    priority.refresh_from_db()
    assert priority.title == "Reading and writing in every class"


def test_senior_partner_filters_schools_on_a_phone_by_keyboard(page, senior_partner_a, school_a):
    SchoolFactory(name="Aspen Primary", hub=school_a.hub)
    page.set_viewport_size(PHONE)
    keys = sign_in_by_keyboard(page, senior_partner_a)

    # The menu and the filters are folded away on a phone; Space opens each.
    keys.tab_to(lambda f: f["tag"] == "button" and "menu" in f["text"])
    page.keyboard.press("Space")
    expect(page.locator("#main-nav")).to_be_visible()
    keys.follow(reverse("hubs:school_list"))
    expect(page.locator("#filters")).to_be_hidden()
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Filters")
    page.keyboard.press("Space")
    expect(page.locator("#filters")).to_be_visible()
    keys.type_into("q", "Alder")
    with page.expect_navigation(url=re.compile(r"q=Alder")):
        page.keyboard.press("Enter")

    # With a filter set, the filters stay open and the list holds the one school.
    expect(page.locator("#filters")).to_be_visible()
    keys.follow(reverse("hubs:school_detail", kwargs={"urn": school_a.urn}))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(school_a.name))


def test_school_contact_finds_their_school_by_keyboard(page, contact_a, school_a):
    SchoolFactory(name="Aspen Primary", hub=school_a.hub)
    keys = sign_in_by_keyboard(page, contact_a)

    keys.follow(reverse("hubs:school_list"))
    keys.type_into("q", "Alder")
    with page.expect_navigation(url=re.compile(r"q=Alder")):
        page.keyboard.press("Enter")
    expect(page.get_by_role("cell", name="Aspen Primary")).to_have_count(0)
    keys.follow(reverse("hubs:school_detail", kwargs={"urn": school_a.urn}))

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(school_a.name))
