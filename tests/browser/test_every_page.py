"""Every page, at desktop and phone widths: axe finds no WCAG 2.2 AA problem, and at 390 px no page
is wider than the screen.

The pages are the URL access matrix's (CASES): every page the central team may open, and the pages
that name no record (the dashboard and the main lists) as each other role, so a new URL is walked as
soon as it is in the matrix. One data set with an object of every kind (the matrix's own builder)
and one signed-in browser per role serve the whole module: the walk runs once, in a module fixture,
and each test reads what it found for one role, naming every page that fails.
"""

from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import AXE_SOURCE, AXE_TAGS, BLOCKING_IMPACTS, sign_in
from tests.factories.hubs import HubFactory, SchoolContactFactory, SchoolFactory
from tests.factories.people import CentralTeamFactory, UserFactory
from tests.factories.reviews import LeadReviewerFactory
from tests.security.test_url_access_matrix import (
    CASES,
    CENTRAL,
    CONTACT,
    LEAD,
    MANAGER,
    PARTNER,
    TAKEN,
    _side,
    expected_answer,
)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def opens(role: str, name: str) -> bool:
    """The role is shown this page (not refused, not sent elsewhere)."""
    case = CASES[name]
    return case.method == "get" and expected_answer(case, role) in (200, TAKEN)


def pages_for(role: str) -> list[str]:
    # The central team and the lead reviewer open every page they may (the lead's are few).
    if role in (CENTRAL, LEAD):
        return sorted(name for name in CASES if opens(role, name))
    return sorted(name for name in CASES if opens(role, name) and is_main(name))


def is_main(name: str) -> bool:
    """The dashboard and the main lists: what a role sees differently from the central team."""
    return CASES[name].kwargs is None and (
        name == "dashboard" or name.endswith("list") or name.endswith(":directory")
    )


ROLES = (CENTRAL, MANAGER, PARTNER, CONTACT, LEAD)


@dataclass
class Visit:
    status: int | None = None
    html: bool = True
    problems: dict[str, list[str]] = field(default_factory=dict)  # width -> axe violations
    phone_width: int | None = None  # the page's scrollWidth at 390 px
    too_wide: list[str] = field(default_factory=list)  # the outermost elements past the edge
    error: str = ""


def _cast():
    hub_a = HubFactory(name="Hub A", slug="hub-a")
    hub_b = HubFactory(name="Hub B", slug="hub-b")
    school_a = SchoolFactory(name="Alder Primary", hub=hub_a)
    school_b = SchoolFactory(name="Birch Academy", hub=hub_b)
    manager = UserFactory(email="manager.a@example.org", full_name="Mina Manager")
    hub_a.managers.add(manager)
    partner = UserFactory(email="partner.a@example.org", full_name="Sam Partner")
    hub_a.senior_partner = partner
    hub_a.save()
    contact = SchoolContactFactory(
        school=school_a, user__email="contact.a@example.org", user__full_name="Ada Contact"
    ).user
    central = CentralTeamFactory(email="central@example.org", full_name="Cass Central")
    lead = LeadReviewerFactory(user__email="lead.reviewer@example.org", user__full_name="Lee Lead")
    sides = {"a": _side(hub_a, school_a, (lead,)), "b": _side(hub_b, school_b)}
    users = {CENTRAL: central, MANAGER: manager, PARTNER: partner, CONTACT: contact}
    return {**users, LEAD: lead.user}, sides


# What the page's scripts do as it loads has been laid out by the next frame.
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => done()))"

# The outermost elements that reach past the right edge of the screen, to say what widens a page.
TOO_WIDE = """() => {
  const past = e => e.getBoundingClientRect().right > innerWidth + 1;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + [...e.classList].map(c => '.' + c).join('');
  return [...document.querySelectorAll('body *')]
    .filter(e => past(e) && !past(e.parentElement))
    .slice(0, 5)
    .map(e => [e.parentElement.parentElement, e.parentElement, e]
      .filter(at => at && at !== document.body).map(name).join(' > '));
}"""


def _axe(page) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def _visit(page, url: str) -> Visit:
    visit = Visit()
    page.set_viewport_size(DESKTOP)
    try:
        response = page.goto(url)
    except PlaywrightError as error:  # a file sent as a download is not a page
        visit.html, visit.error = False, str(error).splitlines()[0]
        return visit
    visit.status = response.status
    if "text/html" not in response.headers.get("content-type", ""):
        visit.html = False
        return visit
    visit.problems["1280"] = _axe(page)
    # Opened afresh on a phone, as a phone opens it (charts size themselves as they are drawn).
    page.set_viewport_size(PHONE)
    page.reload()
    page.evaluate(NEXT_FRAME)
    visit.phone_width = page.evaluate("document.documentElement.scrollWidth")
    if visit.phone_width > PHONE["width"]:
        visit.too_wide = page.evaluate(TOO_WIDE)
    visit.problems["390"] = _axe(page)
    return visit


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, live_server, browser, tmp_path_factory):
    """Each role's pages visited once, by a browser signed in as the page's role."""
    visits: dict[tuple[str, str], Visit] = {}
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        try:
            users, sides = _cast()
            for role, user in users.items():
                context = browser.new_context(viewport=DESKTOP)
                page = context.new_page()
                page.set_default_timeout(10_000)
                page.base_url = live_server.url
                sign_in(page, user)
                for name in pages_for(role):
                    case = CASES[name]
                    kwargs = case.kwargs(sides["a"]) if case.kwargs else None
                    url = live_server.url + reverse(name, kwargs=kwargs)
                    visits[role, name] = _visit(page, url)
                context.close()
            yield visits
        finally:
            # The first test's own clean-up empties the database; this covers a walk that failed.
            call_command("flush", interactive=False, verbosity=0)


def _pages(walk, role) -> dict[str, Visit]:
    """The role's HTML pages (the CSV, calendar and receipt downloads are files, not pages)."""
    pages = {name: visit for (who, name), visit in walk.items() if who == role and visit.html}
    refused = {name: visit.status for name, visit in pages.items() if visit.status != 200}
    assert pages and not refused, f"{role} was not shown {refused or 'any page'}"
    return pages


# One test per role, each listing every page that fails: the walk is shared, and a test that uses
# the live server empties the database afterwards.
@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_no_problem_at_desktop_or_phone_width(walk, role):
    problems = [
        f"{name} at {width}px: {problem}"
        for name, visit in _pages(walk, role).items()
        for width, found in visit.problems.items()
        for problem in found
    ]

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_a_phone(walk, role):
    too_wide = [
        f"{name} is {visit.phone_width}px wide: {visit.too_wide}"
        for name, visit in _pages(walk, role).items()
        if visit.phone_width > PHONE["width"]
    ]

    assert too_wide == [], "\n".join(too_wide)


def test_the_central_team_walk_covers_every_page_it_may_open(walk):
    walked = {name for role, name in walk if role == CENTRAL}

    assert walked == {name for name in CASES if opens(CENTRAL, name)}
    assert sum(visit.html for visit in walk.values()) > len(walk) * 3 // 4
