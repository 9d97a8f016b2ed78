"""Every URL of the app, for every role of the fixed cast, inside and outside the role's scope.

- anonymous: every page but the sign-in and password-reset pages sends them to sign in;
- out of scope: an object of another hub (for hub A's manager and senior partner) or of another
  school (for school B's contact) answers 404, to reads and changes alike;
- read-only: hub A's senior partner gets 403 on every change to hub A's records;
- network pages (the central team's queue, imports, confirmations, the network report) answer
  404 to everyone else.

The URLconf is walked, so a new URL that this table does not cover fails the first test.
"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
from tests.factories.reviews import (
    EvenBetterIfFactory,
    ReviewerFactory,
    StrengthFactory,
    TeamMemberFactory,
    published_review,
)
from tests.security.totp import verify_client

# Open to everyone: signing in and resetting a forgotten password.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


@dataclass(frozen=True)
class Case:
    """How to reach one URL: its kwargs for one side's objects, and what kind of page it is.

    kind: "own" (a page of the user's own, or a list scoped to them: no object in the URL),
    "object" (an object of hub A or B in the URL), "change" (an object URL that changes it),
    "central change" (a change to an object that only the central team makes: 403 to others
    who can see the object), "network" (the central team's alone: 404 to anyone else),
    "directory" (every signed-in user, any school).
    """

    kind: str
    kwargs: object = None  # a function of a side's objects, or None for no kwargs
    method: str = "get"


def _hub(side):
    return {"slug": side["hub"].slug}


CASES: dict[str, Case] = {
    "dashboard": Case("own"),
    "logout": Case("own", method="post"),
    "password_change": Case("own"),
    "password_change_done": Case("own"),
    "two_factor:index": Case("own"),
    "two_factor:setup": Case("own"),
    "two_factor:verify": Case("own"),
    "two_factor:disable": Case("own", method="post"),
    "reports:network": Case("network"),
    "reports:my_hubs": Case("own"),
    "reports:hub": Case("object", _hub),
    "history:list": Case("network"),
    "hubs:list": Case("own"),
    "hubs:detail": Case("object", _hub),
    "hubs:school_list": Case("own"),
    "hubs:school_detail": Case("object", lambda s: {"urn": s["school"].urn}),
    "hubs:school_edit": Case("change", lambda s: {"urn": s["school"].urn}, "post"),
    "hubs:funding": Case("object", _hub),
    "hubs:allocation_set": Case("change", _hub, "post"),
    "hubs:spend_create": Case("change", _hub, "post"),
    "hubs:spend_receipt": Case("object", lambda s: {**_hub(s), "pk": s["spend"].pk}),
    "hubs:action_plan": Case("object", _hub),
    "hubs:priority_create": Case("change", _hub, "post"),
    "hubs:priority_edit": Case("change", lambda s: {**_hub(s), "pk": s["priority"].pk}, "post"),
    "hubs:events": Case("object", _hub),
    "hubs:event_create": Case("change", _hub, "post"),
    "hubs:event_edit": Case("change", lambda s: {**_hub(s), "pk": s["event"].pk}, "post"),
    "hubs:events_ics": Case("object", _hub),
    "hubs:membership": Case("object", _hub),
    "hubs:membership_change_create": Case("change", _hub, "post"),
    "hubs:fees_create": Case("change", _hub, "post"),
    "hubs:fee_edit": Case("change", lambda s: {**_hub(s), "pk": s["fee"].pk}, "post"),
    "hubs:membership_changes": Case("network"),
    "hubs:membership_change_decide": Case(
        "network", lambda s: {"pk": s["membership_change"].pk}, "post"
    ),
    "hubs:gias_import": Case("network"),
    "hubs:membership_import": Case("network"),
    "reviews:list": Case("own"),
    "reviews:calendar": Case("own"),
    "reviews:create": Case("central change"),
    "reviews:reviewers": Case("own"),
    "reviews:detail": Case("object", lambda s: {"pk": s["review"].pk}),
    "reviews:edit": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:transition": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:team": Case("change", lambda s: {"pk": s["review"].pk}),
    "reviews:team_add": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:team_swap": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:team_remove": Case(
        "change", lambda s: {"pk": s["review"].pk, "member_pk": s["member"].pk}, "post"
    ),
    "reviews:report": Case("change", lambda s: {"pk": s["review"].pk}),
    "reviews:strength_add": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:ebi_add": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:point_remove": Case(
        "change",
        lambda s: {"pk": s["review"].pk, "kind": "strength", "point_pk": s["strength"].pk},
        "post",
    ),
    "reviews:nominate": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:verify": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:feedback": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "reviews:share": Case("change", lambda s: {"pk": s["review"].pk}, "post"),
    "brokering:queue": Case("network"),
    "brokering:queue_export": Case("network"),
    "brokering:queue_assign": Case("network", method="post"),
    "brokering:request_list": Case("own"),
    "brokering:request_create": Case("own"),
    "brokering:request_from_ebi": Case("change", lambda s: {"pk": s["ebi"].pk}, "post"),
    "brokering:request_detail": Case("object", lambda s: {"pk": s["request"].pk}),
    "brokering:request_edit": Case("change", lambda s: {"pk": s["request"].pk}, "post"),
    "brokering:request_transition": Case("change", lambda s: {"pk": s["request"].pk}, "post"),
    "brokering:request_assign": Case("central change", lambda s: {"pk": s["request"].pk}, "post"),
    "brokering:request_propose": Case("central change", lambda s: {"pk": s["request"].pk}, "post"),
    "brokering:feedback_give": Case("change", lambda s: {"pk": s["request"].pk}, "post"),
    "brokering:engagement_respond": Case("change", lambda s: {"pk": s["engagement"].pk}, "post"),
    "brokering:engagement_update": Case("change", lambda s: {"pk": s["engagement"].pk}, "post"),
    "brokering:directory": Case("directory"),
    "brokering:compare": Case("directory"),
    "brokering:directory_school": Case("directory", lambda s: {"urn": s["school"].urn}),
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_is_sent_to_sign_in(client, sides, name):
    response = _request(client, name, sides["a"])

    if name == "logout":  # signing out when nobody is signed in just lands on the sign-in page
        assert response.url == reverse("login")
        return
    assert response.status_code == 302, response.status_code
    assert response.url.startswith(reverse("login"))


OBJECT_KINDS = {"object", "change", "central change"}
# Who stands outside which side: hub A's staff outside hub B, school B's contact outside hub A.
OUTSIDERS = [("hub_manager_a", "b"), ("senior_partner_a", "b"), ("contact_b", "a")]


@pytest.mark.parametrize("role, other_side", OUTSIDERS)
@pytest.mark.parametrize(
    "name", sorted(n for n, c in CASES.items() if c.kind in OBJECT_KINDS and c.kwargs)
)
def test_another_hubs_or_schools_objects_answer_404(
    request, client_for, sides, role, other_side, name
):
    client = client_for(request.getfixturevalue(role))

    assert _request(client, name, sides[other_side]).status_code == 404


@pytest.mark.parametrize("role", ["hub_manager_a", "senior_partner_a", "contact_b"])
@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind == "network"))
def test_network_pages_answer_404_to_everyone_but_the_central_team(
    request, client_for, sides, role, name
):
    client = client_for(request.getfixturevalue(role))

    assert _request(client, name, sides["a"]).status_code == 404


@pytest.mark.parametrize("role", ["hub_manager_a", "senior_partner_a"])
@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind == "central change"))
def test_central_team_changes_are_refused_to_hub_staff_who_can_see_them(
    request, client_for, sides, role, name
):
    client = client_for(request.getfixturevalue(role))

    assert _request(client, name, sides["a"]).status_code == 403


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind == "change"))
def test_the_senior_partner_may_change_nothing_in_their_hub(
    client_for, senior_partner_a, sides, name
):
    client = client_for(senior_partner_a)
    url = _url(name, sides["a"])

    assert client.post(url).status_code == 403


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_central_team_reaches_every_page(client_for, central_team, sides, name):
    response = _request(client_for(central_team), name, sides["a"])

    if name in {"reviews:feedback", "reviews:share"}:
        # Only the school rates its review and shares its report; the central team is not it.
        assert response.status_code == 403
    else:
        assert response.status_code not in (403, 404, 500), response.status_code


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
