"""Every URL of the app, for every role of the fixed cast, inside and outside the role's scope.

Each URL has one row in CASES: who sees it (anyone else signed in gets 404), and for a change who
may make it (anyone else who sees it gets 403). From that row:
- inside their scope (hub A's objects): the central team, hub A's manager, hub A's senior partner
  and the contact of a school in hub A each get the row's answer;
- out of scope: an object of another hub (for hub A's manager and senior partner) or of another
  school (for school B's contact) answers 404, to reads and changes alike;
- anonymous: every page but the sign-in and password-reset pages sends them to sign in.

The URLconf is walked, so a new URL that this table does not cover fails the first test.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from brokering.models import Status
from reviews.models import AreaOfExcellence
from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    EngagementFactory,
    SupportRequestFactory,
    default_area,
)
from tests.factories.hubs import SchoolFactory
from tests.factories.operations import (
    ActionPriorityFactory,
    FundingAllocationFactory,
    HubEventFactory,
    MembershipChangeFactory,
    MembershipFeeFactory,
    SpendEntryFactory,
)
from tests.factories.publicdata import public_data_for
from tests.factories.reviews import (
    EvenBetterIfFactory,
    ReviewerFactory,
    StrengthFactory,
    TeamMemberFactory,
    published_review,
)
from tests.security.totp import verify_client

# Open to everyone: signing in, resetting a forgotten password, and the site's icon.
PUBLIC = {
    "favicon",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "privacy:notice",  # the privacy page: what is held about people, why and for how long
}

# The cast inside hub A's scope, least powerful first.
CONTACT = "contact_a"  # a contact of school A, a school in hub A
PARTNER = "senior_partner_a"
MANAGER = "hub_manager_a"
CENTRAL = "central_team"
ROLES = (CONTACT, PARTNER, MANAGER, CENTRAL)

# Who sees a page (every other role in the cast gets 404).
EVERYONE = frozenset(ROLES)
HUB_STAFF = frozenset({PARTNER, MANAGER, CENTRAL})  # a hub's own pages: not its schools' contacts
NETWORK = frozenset({CENTRAL})
# Who makes a change (every other role who sees it gets 403).
HUB_MANAGERS = frozenset({MANAGER, CENTRAL})
REQUESTERS = frozenset({CONTACT, MANAGER, CENTRAL})  # acting for the school that asks for support
THE_SCHOOL = frozenset({CONTACT})  # what only the school itself does with its review


@dataclass(frozen=True)
class Case:
    """One URL: who sees it and, for a change, who may make it.

    kwargs: a function of one side's objects for a URL that names an object of that side (an
    object of another hub or school answers 404), or None for a URL that names none.
    redirects: roles whose answer is a redirect by design (to their hub's report, say).
    any_school: the support directory, which shows any school to anyone signed in.
    """

    sees: frozenset[str]
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    changes: frozenset[str] | None = None
    redirects: frozenset[str] = frozenset()
    any_school: bool = False


def _hub(side):
    return {"slug": side["hub"].slug}


def _review(side):
    return {"pk": side["review"].pk}


def _request_pk(side):
    return {"pk": side["request"].pk}


def _engagement(side):
    return {"pk": side["engagement"].pk}


def _school(side):
    return {"urn": side["school"].urn}


def read(sees, kwargs=None, **extra) -> Case:
    return Case(sees, kwargs, **extra)


def change(sees, changes, kwargs=None, method="post") -> Case:
    return Case(sees, kwargs, method, changes)


CASES: dict[str, Case] = {
    "dashboard": read(EVERYONE),
    "logout": change(EVERYONE, EVERYONE),
    "password_change": read(EVERYONE),
    "password_change_done": read(EVERYONE),
    "two_factor:index": read(EVERYONE),
    # The central team already has an authenticator (setup sends them to their devices); the others
    # have none to verify with (verify sends them to setup).
    "two_factor:setup": read(EVERYONE, redirects=NETWORK),
    "two_factor:verify": read(EVERYONE, redirects=frozenset({CONTACT, PARTNER, MANAGER})),
    # Refused with a message to the central team, who must keep two-factor on; a redirect to all.
    "two_factor:disable": change(EVERYONE, EVERYONE),
    # Only the central team has a device to recover from; the others are sent to set one up.
    "two_factor:recovery": read(EVERYONE, redirects=frozenset({CONTACT, PARTNER, MANAGER})),
    # New recovery codes are shown once, after they are made; with none to show, a redirect.
    "two_factor:codes": read(EVERYONE, redirects=EVERYONE),
    # Making new codes redirects to the page that shows them (or, without a device, to the
    # two-factor page).
    "two_factor:new_codes": change(EVERYONE, EVERYONE),
    "reports:network": read(NETWORK),
    "reports:my_hubs": read(HUB_STAFF, redirects=HUB_STAFF),  # to the hub's or network's report
    "reports:hub": read(HUB_STAFF, _hub),
    "history:list": read(NETWORK),
    "hubs:list": read(EVERYONE),  # a school contact's list is empty
    "hubs:detail": read(HUB_STAFF, _hub),
    "hubs:school_list": read(EVERYONE),
    "hubs:school_detail": read(EVERYONE, _school),
    "hubs:school_edit": change(EVERYONE, HUB_MANAGERS, _school),
    "hubs:funding": read(HUB_STAFF, _hub),
    "hubs:allocation_set": change(HUB_STAFF, NETWORK, _hub),  # the central team funds hubs
    "hubs:spend_create": change(HUB_STAFF, HUB_MANAGERS, _hub),
    "hubs:spend_edit": change(HUB_STAFF, HUB_MANAGERS, lambda s: {**_hub(s), "pk": s["spend"].pk}),
    "hubs:spend_delete": change(
        HUB_STAFF, HUB_MANAGERS, lambda s: {**_hub(s), "pk": s["spend"].pk}
    ),
    "hubs:spend_receipt": read(HUB_STAFF, lambda s: {**_hub(s), "pk": s["spend"].pk}),
    "hubs:action_plan": read(HUB_STAFF, _hub),
    "hubs:priority_create": change(HUB_STAFF, HUB_MANAGERS, _hub),
    "hubs:priority_edit": change(
        HUB_STAFF, HUB_MANAGERS, lambda s: {**_hub(s), "pk": s["priority"].pk}
    ),
    "hubs:events": read(HUB_STAFF, _hub),
    "hubs:event_create": change(HUB_STAFF, HUB_MANAGERS, _hub),
    "hubs:event_edit": change(HUB_STAFF, HUB_MANAGERS, lambda s: {**_hub(s), "pk": s["event"].pk}),
    "hubs:events_ics": read(HUB_STAFF, _hub),
    "hubs:membership": read(HUB_STAFF, _hub),
    "hubs:membership_change_create": change(HUB_STAFF, HUB_MANAGERS, _hub),
    # Fees are the central team's to set and record; the hub's staff read them.
    "hubs:fees_create": change(HUB_STAFF, NETWORK, _hub),
    "hubs:fee_edit": change(HUB_STAFF, NETWORK, lambda s: {**_hub(s), "pk": s["fee"].pk}),
    "hubs:membership_changes": read(NETWORK),
    "hubs:membership_change_decide": change(
        NETWORK, NETWORK, lambda s: {"pk": s["membership_change"].pk}
    ),
    "hubs:gias_import": read(NETWORK),
    "hubs:membership_import": read(NETWORK),
    "publicdata:import_links": read(NETWORK),
    "publicdata:import_ofsted": read(NETWORK),
    "publicdata:import_results": read(NETWORK),
    "reviews:list": read(EVERYONE),
    "reviews:calendar": read(EVERYONE),
    "reviews:reviewers": read(HUB_STAFF),
    # The central team schedules and runs reviews; everyone else who sees a review reads it.
    "reviews:create": change(EVERYONE, NETWORK, method="get"),
    "reviews:detail": read(EVERYONE, _review),
    "reviews:edit": change(EVERYONE, NETWORK, _review),
    "reviews:transition": change(EVERYONE, NETWORK, _review),
    "reviews:team": change(EVERYONE, NETWORK, _review, method="get"),
    "reviews:team_add": change(EVERYONE, NETWORK, _review),
    "reviews:team_swap": change(EVERYONE, NETWORK, _review),
    "reviews:team_remove": change(
        EVERYONE, NETWORK, lambda s: {**_review(s), "member_pk": s["member"].pk}
    ),
    "reviews:report": change(EVERYONE, NETWORK, _review, method="get"),
    "reviews:verify": change(EVERYONE, NETWORK, _review),
    # The school nominates its area of excellence (or the central team for it).
    "reviews:nominate": change(EVERYONE, THE_SCHOOL | NETWORK, _review),
    # Only the school rates its review and shares its report.
    "reviews:feedback": change(EVERYONE, THE_SCHOOL, _review),
    "reviews:share": change(EVERYONE, THE_SCHOOL, _review),
    "brokering:queue": read(NETWORK),
    "brokering:queue_export": read(NETWORK),
    "brokering:queue_assign": change(NETWORK, NETWORK),
    "brokering:request_list": read(EVERYONE),
    "brokering:request_create": change(EVERYONE, REQUESTERS, method="get"),
    "brokering:request_from_ebi": change(EVERYONE, REQUESTERS, lambda s: {"pk": s["ebi"].pk}),
    "brokering:request_detail": read(EVERYONE, _request_pk),
    "brokering:request_edit": change(EVERYONE, REQUESTERS, _request_pk),
    "brokering:request_transition": change(EVERYONE, REQUESTERS, _request_pk),
    "brokering:request_assign": change(EVERYONE, NETWORK, _request_pk),
    "brokering:request_propose": change(EVERYONE, NETWORK, _request_pk),
    "brokering:feedback_give": change(EVERYONE, REQUESTERS, _request_pk),
    # The provider answers and updates an engagement: here a school of hub A with no contact in
    # the cast, so of the cast only the central team acts for it.
    "brokering:engagement_respond": change(EVERYONE, NETWORK, _engagement),
    "brokering:engagement_update": change(EVERYONE, NETWORK, _engagement),
    "brokering:directory": read(EVERYONE, any_school=True),
    "brokering:compare": read(EVERYONE, any_school=True),
    "brokering:directory_school": read(EVERYONE, _school, any_school=True),
    # The subject-access export: the central team finds a person and downloads their data.
    "privacy:people": read(NETWORK),
    "privacy:export": read(NETWORK, lambda s: {"pk": s["member"].reviewer.user_id}),
    # The network's finances are the central team's own pages.
    "finance:overview": read(NETWORK),
    "finance:table_csv": read(NETWORK, lambda s: {"table": "income"}),
    "finance:income_create": read(NETWORK),
    "finance:budget_set": read(NETWORK),
    "finance:forecast_set": read(NETWORK),
    # The member survey: the school's contact answers; staff read the aggregates.
    "survey:mine": read(THE_SCHOOL),
    "survey:answer": change(EVERYONE, THE_SCHOOL, _school, method="get"),
    "survey:results": read(HUB_STAFF),
    # The annual report: the network's for the central team, a hub's for its staff.
    "reports:annual": read(NETWORK),
    "reports:annual_pdf": read(NETWORK),
    "reports:hub_annual": read(HUB_STAFF, _hub),
    "reports:hub_annual_pdf": read(HUB_STAFF, _hub),
}


def url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_url_is_in_the_matrix():
    assert url_names() - PUBLIC - set(CASES) == set(), "add the new URLs to CASES"
    assert set(CASES) - url_names() == set(), "CASES names URLs that no longer exist"


def _side(hub, school) -> dict:
    review = published_review(school=school)
    request = SupportRequestFactory(
        school=school, practice_areas=[default_area()], status=Status.MATCHING
    )
    allocation = FundingAllocationFactory(hub=hub)
    receipt = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt", "application/pdf")
    return {
        "hub": hub,
        "school": school,
        "review": review,
        "member": TeamMemberFactory(review=review, reviewer=ReviewerFactory()),
        "strength": StrengthFactory(review=review),
        "nominated": AreaOfExcellenceFactory(
            school=school, review=review, status=AreaOfExcellence.Status.NOMINATED
        ),
        "ebi": EvenBetterIfFactory(review=review, practice_area=default_area()),
        "request": request,
        "engagement": EngagementFactory(request=request, provider=SchoolFactory(hub=hub)),
        "spend": SpendEntryFactory(allocation=allocation, receipt=receipt),
        "priority": ActionPriorityFactory(hub=hub),
        "event": HubEventFactory(hub=hub),
        "fee": MembershipFeeFactory(school=school, hub=hub),
        "membership_change": MembershipChangeFactory(school=school, hub=hub),
        "public_data": public_data_for(school),
    }


@pytest.fixture
def sides(settings, tmp_path, hub_a, hub_b, school_a, school_b):
    settings.MEDIA_ROOT = tmp_path
    return {"a": _side(hub_a, school_a), "b": _side(hub_b, school_b)}


def _url(name: str, side: dict) -> str:
    case = CASES[name]
    return reverse(name, kwargs=case.kwargs(side) if case.kwargs else None)


def _request(client, name: str, side: dict):
    return getattr(client, CASES[name].method)(_url(name, side))


# A change taken: its form shown again with what is missing (200), or done and redirected (302).
TAKEN = "200 or 302"


def expected_answer(case: Case, role: str) -> int | str:
    if role not in case.sees:
        return 404
    if case.changes is not None:
        return TAKEN if role in case.changes else 403
    return 302 if role in case.redirects else 200


def _answer(request, client_for, role: str, name: str, side: dict, expected: int | str):
    """The role's answer, rolled back so that no role's change shapes the next one's answer."""
    client = client_for(request.getfixturevalue(role))
    with transaction.atomic():
        response = _request(client, name, side)
        transaction.set_rollback(True)
    if expected == TAKEN and response.status_code in (200, 302):
        return TAKEN
    return response.status_code


@pytest.mark.parametrize("name", sorted(CASES))
def test_inside_their_scope_each_role_gets_the_answer_in_the_table(
    request, client_for, sides, name
):
    expected = {role: expected_answer(CASES[name], role) for role in ROLES}

    answers = {
        role: _answer(request, client_for, role, name, sides["a"], answer)
        for role, answer in expected.items()
    }

    assert answers == expected


# Who stands outside which side: hub A's staff outside hub B, school B's contact outside hub A.
OUTSIDERS = {"hub_manager_a": "b", "senior_partner_a": "b", "contact_b": "a"}


@pytest.mark.parametrize(
    "name", sorted(n for n, c in CASES.items() if c.kwargs and not c.any_school)
)
def test_another_hubs_or_schools_objects_answer_404(request, client_for, sides, name):
    answers = {
        role: _answer(request, client_for, role, name, sides[side], 404)
        for role, side in OUTSIDERS.items()
    }

    assert answers == dict.fromkeys(OUTSIDERS, 404)


def test_the_senior_partner_may_change_nothing_in_their_hub():
    # A guard on the table itself: a senior partner reads their hub's records and changes none.
    changeable = [n for n, c in CASES.items() if c.kwargs and c.changes and PARTNER in c.changes]

    assert changeable == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_is_sent_to_sign_in(client, sides, name):
    response = _request(client, name, sides["a"])

    if name == "logout":  # signing out when nobody is signed in just lands on the sign-in page
        assert response.url == reverse("login")
        return
    assert response.status_code == 302, response.status_code
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.method == "post"))
def test_every_change_needs_the_csrf_token(central_team, sides, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(central_team)
    verify_client(client, central_team)

    response = client.post(_url(name, sides["a"]))

    assert response.status_code == 403
    assert b"CSRF" in response.content


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.method == "post"))
def test_a_get_never_changes_anything(client_for, central_team, sides, name):
    # Change URLs refuse a GET (405, or 403 where the user may not change at all) or show their
    # form; none acts on it.
    side = sides["a"]
    before = (side["review"].version, side["request"].version, side["request"].status)

    response = client_for(central_team).get(_url(name, side))

    assert response.status_code in (200, 403, 405), response.status_code
    side["review"].refresh_from_db()
    side["request"].refresh_from_db()
    assert (side["review"].version, side["request"].version, side["request"].status) == before
