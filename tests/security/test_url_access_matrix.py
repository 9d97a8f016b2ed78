"""Every URL of the app, for every role of the fixed cast, inside and outside the role's scope.

Each URL has one row in CASES: who sees it (anyone else signed in gets 404), and for a change who
may make it (anyone else who sees it gets 403). From that row:
- inside their scope (hub A's objects): the central team, hub A's manager, hub A's senior partner
  and the contact of a school in hub A each get the row's answer;
- out of scope: an object of another hub (for hub A's manager and senior partner) or of another
  school (for school B's contact) answers 404, to reads and changes alike;
- anonymous: every page but the sign-in and password-reset pages sends them to sign in.

Reviewers are in the cast too: hub A's review's lead and one of its peers, who have no other role
(no school of their own to act for). They see the reviews whose team they are on, and the lead
writes and submits the report; the other side's review is off their team (404). Each side also
has a review whose report is submitted but not yet published: every review URL is asked again
about it (the school and its hub see its status, dates and team; only the team and the central
team read the report).

The URLconf is walked, so a new URL that this table does not cover fails the first test.
"""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from brokering.models import Status
from hubs.models import ImportRun
from partnership.lib.mail import email_send
from reviews.models import (
    AreaOfExcellence,
    ImprovementAction,
    ReportShare,
    Review,
    Unavailability,
)
from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    EngagementFactory,
    SupportRequestFactory,
    default_area,
)
from tests.factories.events import EventFactory
from tests.factories.hubs import SchoolFactory
from tests.factories.operations import (
    ActionPriorityFactory,
    FundingAllocationFactory,
    MembershipChangeFactory,
    MembershipFeeFactory,
    SpendEntryFactory,
)
from tests.factories.programmes import (
    CohortFactory,
    EnrolmentFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)
from tests.factories.publicdata import public_data_for
from tests.factories.reviews import (
    EvenBetterIfFactory,
    LeadReviewerFactory,
    ReviewerFactory,
    ReviewFactory,
    StrengthFactory,
    TeamMemberFactory,
    published_review,
    record_report,
)
from tests.security.totp import verify_client

# Open to everyone: signing in (the password, then the code), resetting a forgotten password,
# and the site's icon.
PUBLIC = {
    "favicon",
    "account_login",
    "mfa_authenticate",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "privacy:notice",  # the privacy page: what is held about people, why and for how long
    "healthz",  # up or down, and ages: no login, nothing more
}
# Open to whoever holds its secret address (a calendar app cannot sign in); a wrong or old
# address answers 404 (tests/events/test_calendar_feed.py).
SECRET_ADDRESS = {"events:feed"}

# The cast inside hub A's scope, least powerful first.
CONTACT = "contact_a"  # a contact of school A, a school in hub A
PARTNER = "senior_partner_a"
MANAGER = "hub_manager_a"
CENTRAL = "central_team"
LEAD = "lead_reviewer_a"  # the lead reviewer of hub A's reviews
PEER = "peer_reviewer_a"  # a peer reviewer on them
ROLES = (CONTACT, PARTNER, MANAGER, CENTRAL, LEAD, PEER)

# Who sees a page (every other role in the cast gets 404).
EVERYONE = frozenset({CONTACT, PARTNER, MANAGER, CENTRAL})  # everyone with schools to see
TEAM = frozenset({LEAD, PEER})  # the review team: reviewers and nothing else
SIGNED_IN = EVERYONE | TEAM  # pages about the user's own account
HUB_STAFF = frozenset({PARTNER, MANAGER, CENTRAL})  # a hub's own pages: not its schools' contacts
NETWORK = frozenset({CENTRAL})
# Who makes a change (every other role who sees it gets 403).
HUB_MANAGERS = frozenset({MANAGER, CENTRAL})
HUB_LEADERS = frozenset({PARTNER, MANAGER, CENTRAL})  # the action plan: the senior partner leads
TARGET_AGREERS = frozenset({PARTNER, CENTRAL})  # spend targets, agreed by the senior partner
REQUESTERS = frozenset({CONTACT, MANAGER, CENTRAL})  # acting for the school that asks for support
THE_SCHOOL = frozenset({CONTACT})  # what only the school itself does with its review
EVENT_RUNNERS = frozenset({PARTNER, MANAGER, CENTRAL})  # a hub's events: its senior partner too
BOOKERS = frozenset({CONTACT, MANAGER})  # (and reviewers, not in this cast)
REPORT_WRITERS = frozenset({LEAD, CENTRAL})  # the lead writes the report; the central team may


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


def _reviewer(side):
    return {"pk": side["reviewer"].pk}


def _request_pk(side):
    return {"pk": side["request"].pk}


def _engagement(side):
    return {"pk": side["engagement"].pk}


def _event(side):
    return {"pk": side["event"].pk}


def _school(side):
    return {"urn": side["school"].urn}


def _programme(side):
    return {"slug": side["cohort"].programme.slug}


def _cohort(side):
    return {"pk": side["cohort"].pk}


def _enrolment(side):
    return {"pk": side["enrolment"].pk}


def read(sees, kwargs=None, **extra) -> Case:
    return Case(sees, kwargs, **extra)


def change(sees, changes, kwargs=None, method="post") -> Case:
    return Case(sees, kwargs, method, changes)


CASES: dict[str, Case] = {
    "dashboard": read(SIGNED_IN),
    "account_logout": change(SIGNED_IN, SIGNED_IN),
    "account_change_password": read(SIGNED_IN),
    "account_reauthenticate": read(SIGNED_IN),
    "mfa_index": read(SIGNED_IN),
    # With an app, confirming it is you takes its code; without one, the password (a redirect).
    "mfa_reauthenticate": read(SIGNED_IN, redirects=SIGNED_IN - NETWORK),
    # Setting up an app first asks the password again (a session older than a few minutes); the
    # central team, who have one, are sent to the two-factor page.
    "mfa_activate_totp": read(SIGNED_IN, redirects=SIGNED_IN),
    # Only people with an app (here the central team) have one to turn off or codes to see;
    # each first confirms it is them (a redirect).
    "mfa_deactivate_totp": change(NETWORK, NETWORK),
    "mfa_view_recovery_codes": read(NETWORK, redirects=NETWORK),
    "mfa_download_recovery_codes": read(NETWORK, redirects=NETWORK),
    "mfa_generate_recovery_codes": change(SIGNED_IN, SIGNED_IN),
    "reports:network": read(NETWORK),
    "reports:my_hubs": read(HUB_STAFF, redirects=HUB_STAFF),  # to the hub's or network's report
    "reports:hub": read(HUB_STAFF, _hub),
    "history:list": read(NETWORK),
    "hubs:list": read(SIGNED_IN),  # a school contact's list is empty, and a reviewer's
    "hubs:detail": read(EVERYONE, _hub),  # its schools' contacts read the page, not its money
    "hubs:school_list": read(SIGNED_IN),  # empty for a reviewer with no school to act for
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
    "hubs:priority_create": change(HUB_STAFF, HUB_LEADERS, _hub),
    "hubs:priority_edit": change(
        HUB_STAFF, HUB_LEADERS, lambda s: {**_hub(s), "pk": s["priority"].pk}
    ),
    "hubs:spend_targets": change(HUB_STAFF, TARGET_AGREERS, _hub),
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
    # An import's run and its job: the central team's, like the imports themselves.
    "hubs:import_run": read(NETWORK, lambda s: {"pk": s["import_run"].pk}),
    "hubs:import_run_apply": change(NETWORK, NETWORK, lambda s: {"pk": s["import_run"].pk}),
    "hubs:import_run_retry": change(NETWORK, NETWORK, lambda s: {"pk": s["import_run"].pk}),
    "jobs:list": read(NETWORK),
    "jobs:detail": read(NETWORK, lambda s: {"pk": s["job"]}),
    "jobs:retry": change(NETWORK, NETWORK, lambda s: {"pk": s["job"]}),
    "reviews:list": read(SIGNED_IN),
    "reviews:calendar": read(SIGNED_IN),
    "reviews:reviewers": read(HUB_STAFF),
    # A reviewer's own reviews (the central team sees them all in the list).
    "reviews:mine": read(TEAM),
    # The central team schedules reviews and their teams; everyone else who sees a review reads
    # it. The lead writes the report, records the team's decision on the area of excellence and
    # submits the report; the central team may do the same, and approves and publishes.
    "reviews:create": change(SIGNED_IN, NETWORK, method="get"),
    "reviews:detail": read(SIGNED_IN, _review),
    "reviews:edit": change(SIGNED_IN, NETWORK, _review),
    "reviews:transition": change(SIGNED_IN, REPORT_WRITERS, _review),
    "reviews:team": change(SIGNED_IN, NETWORK, _review, method="get"),
    "reviews:team_add": change(SIGNED_IN, NETWORK, _review),
    "reviews:team_swap": change(SIGNED_IN, NETWORK, _review),
    "reviews:team_remove": change(
        SIGNED_IN, NETWORK, lambda s: {**_review(s), "member_pk": s["member"].pk}
    ),
    "reviews:report": change(SIGNED_IN, REPORT_WRITERS, _review, method="get"),
    "reviews:verify": change(SIGNED_IN, REPORT_WRITERS, _review),
    # The team's own pages: the pre-review pack, and the evidence each member adds.
    "reviews:pack": change(SIGNED_IN, TEAM | NETWORK, _review, method="get"),
    "reviews:evidence": change(SIGNED_IN, TEAM | NETWORK, _review, method="get"),
    # The school evaluates itself (or its hub's manager, or the central team, for it).
    "reviews:self_evaluation": change(SIGNED_IN, THE_SCHOOL | HUB_MANAGERS, _review, method="get"),
    # The school nominates its area of excellence (or the central team for it).
    "reviews:nominate": change(SIGNED_IN, THE_SCHOOL | NETWORK, _review),
    "reviews:coverage": read(HUB_MANAGERS),
    # Only the school rates its review, shares its report and withdraws a share.
    "reviews:share_withdraw": change(
        SIGNED_IN, THE_SCHOOL, lambda s: {**_review(s), "share_pk": s["share"].pk}
    ),
    "reviews:feedback": change(SIGNED_IN, THE_SCHOOL, _review),
    "reviews:share": change(SIGNED_IN, THE_SCHOOL, _review),
    # After publication: the school and its hub's manager keep the improvement plan.
    # The plan is the school's: its team of reviewers does not read it.
    "reviews:plan": read(EVERYONE, _review),
    "reviews:action_add": change(
        EVERYONE, THE_SCHOOL | HUB_MANAGERS, lambda s: {**_review(s), "ebi_pk": s["ebi"].pk}
    ),
    "reviews:action_edit": change(
        EVERYONE,
        THE_SCHOOL | HUB_MANAGERS,
        lambda s: {**_review(s), "action_pk": s["action"].pk},
        method="get",
    ),
    # Outcomes are recorded while the next review is on site; this review is published.
    "reviews:outcomes": change(SIGNED_IN, frozenset(), _review),
    # The headteacher rates every reviewer, the lead reviewer the peers.
    "reviews:reviewer_feedback": change(SIGNED_IN, THE_SCHOOL | {LEAD}, _review, method="get"),
    "reviews:reviewer": read(HUB_STAFF, _reviewer),
    "reviews:unavailable_add": change(HUB_STAFF, NETWORK, _reviewer),
    "reviews:unavailable_remove": change(
        HUB_STAFF, NETWORK, lambda s: {**_reviewer(s), "away_pk": s["away"].pk}
    ),
    "brokering:queue": read(NETWORK),
    "brokering:queue_export": read(NETWORK),
    "brokering:queue_assign": change(NETWORK, NETWORK),
    "brokering:request_list": read(SIGNED_IN),  # empty for a reviewer
    "brokering:request_create": change(SIGNED_IN, REQUESTERS, method="get"),
    # The team read the published report the EBI is on; only the school (and those who manage
    # it) ask for support with it.
    "brokering:request_from_ebi": change(SIGNED_IN, REQUESTERS, lambda s: {"pk": s["ebi"].pk}),
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
    # The subject-access export: the central team finds a person and downloads their data.
    "privacy:people": read(NETWORK),
    "privacy:export": read(NETWORK, lambda s: {"pk": s["member"].reviewer.user_id}),
    # Programmes are the network's offer, read by everyone (any_school: no side owns one); a hub's
    # cohorts are read by its staff and its schools' contacts.
    "programmes:programme_list": read(SIGNED_IN),
    "programmes:programme_create": change(EVERYONE, NETWORK, method="get"),
    "programmes:programme_detail": read(EVERYONE, _programme, any_school=True),
    "programmes:programme_edit": Case(EVERYONE, _programme, "get", NETWORK, any_school=True),
    "programmes:cohort_create": Case(EVERYONE, _programme, "get", HUB_MANAGERS, any_school=True),
    "programmes:cohort_detail": read(EVERYONE, _cohort),
    "programmes:cohort_edit": change(EVERYONE, HUB_MANAGERS, _cohort, method="get"),
    "programmes:cohort_apply": change(EVERYONE, REQUESTERS, _cohort, method="get"),
    "programmes:cohort_export": read(EVERYONE, _cohort),
    "programmes:session_create": change(EVERYONE, HUB_MANAGERS, _cohort, method="get"),
    "programmes:session_attendance": change(
        EVERYONE, HUB_MANAGERS, lambda s: {"pk": s["session"].pk}, method="get"
    ),
    "programmes:enrolment_detail": read(EVERYONE, _enrolment),
    "programmes:enrolment_transition": change(EVERYONE, REQUESTERS, _enrolment),
    "programmes:enrolment_complete": change(EVERYONE, HUB_MANAGERS, _enrolment),
    "programmes:participant_add": change(EVERYONE, REQUESTERS, _enrolment),
    "programmes:my_school": read(SIGNED_IN),  # empty without a school
    "programmes:hub_enrolments": read(HUB_STAFF, _hub),
    "programmes:hub_enrolments_export": read(HUB_STAFF, _hub),
    "programmes:network_enrolments": read(NETWORK),
    "programmes:network_enrolments_export": read(NETWORK),
    # Events: a hub's events are run by its managers and its senior partner; its schools'
    # contacts see and book them. National events are the central team's.
    "events:hub_events": read(HUB_STAFF, _hub),
    "events:hub_event_create": change(HUB_STAFF, EVENT_RUNNERS, _hub),
    "events:hub_event_edit": change(
        HUB_STAFF, EVENT_RUNNERS, lambda s: {**_hub(s), "pk": s["event"].pk}
    ),
    "events:hub_events_ics": read(HUB_STAFF, _hub),
    "events:list": read(SIGNED_IN),  # reviewers book events too
    "events:create": read(NETWORK),
    "events:detail": read(EVERYONE, _event),
    "events:edit": change(EVERYONE, EVENT_RUNNERS, _event),
    "events:book": change(EVERYONE, BOOKERS, _event),
    "events:cancel": change(EVERYONE, EVERYONE, _event),  # one's own booking, if any
    "events:attendance": change(EVERYONE, EVENT_RUNNERS, _event),
    "events:calendar": read(SIGNED_IN),
    "events:calendar_reset": change(SIGNED_IN, SIGNED_IN),
    "digest:preview": read(SIGNED_IN),
    "digest:settings": change(SIGNED_IN, SIGNED_IN),
    "brokering:directory": read(SIGNED_IN, any_school=True),
    "brokering:compare": read(SIGNED_IN, any_school=True),
    "brokering:directory_school": read(SIGNED_IN, _school, any_school=True),
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
    # Its PDF: queued by whoever sees the report; until it is built, the download leads back to
    # the page (tests/partnership/test_annual_report.py downloads a built one).
    "reports:annual_pdf": read(NETWORK, redirects=NETWORK),
    "reports:annual_pdf_build": change(NETWORK, NETWORK),
    "reports:hub_annual": read(HUB_STAFF, _hub),
    "reports:hub_annual_pdf": read(HUB_STAFF, _hub, redirects=HUB_STAFF),
    "reports:hub_annual_pdf_build": change(HUB_STAFF, HUB_STAFF, _hub),
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
    assert url_names() - PUBLIC - SECRET_ADDRESS - set(CASES) == set(), "add the URLs to CASES"
    assert set(CASES) - url_names() == set(), "CASES names URLs that no longer exist"


def _side(hub, school, team=()) -> dict:
    review = published_review(school=school)
    # The same school's next review, its report submitted for QA and not yet published.
    draft = record_report(
        ReviewFactory(
            school=school,
            academic_year=2025,
            starts_on=datetime.date(2025, 11, 3),
            status=Review.Status.SUBMITTED,
        )
    )
    for reviewer in team:
        TeamMemberFactory(review=review, reviewer=reviewer)
        TeamMemberFactory(review=draft, reviewer=reviewer)
    request = SupportRequestFactory(
        school=school, practice_areas=[default_area()], status=Status.MATCHING
    )
    allocation = FundingAllocationFactory(hub=hub)
    receipt = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt", "application/pdf")
    ebi = EvenBetterIfFactory(review=review, practice_area=default_area())
    reviewer = ReviewerFactory(school=SchoolFactory(hub=hub))
    return {
        "hub": hub,
        "school": school,
        "review": review,
        "draft": draft,
        "member": TeamMemberFactory(review=review, reviewer=ReviewerFactory()),
        "draft_member": TeamMemberFactory(review=draft, reviewer=ReviewerFactory()),
        "draft_nominated": AreaOfExcellenceFactory(
            school=school, review=draft, status=AreaOfExcellence.Status.NOMINATED
        ),
        "strength": StrengthFactory(review=review),
        "nominated": AreaOfExcellenceFactory(
            school=school, review=review, status=AreaOfExcellence.Status.NOMINATED
        ),
        "ebi": ebi,
        "action": ImprovementAction.objects.create(
            ebi=ebi, text="Plan", owner="Head", due_on=datetime.date(2025, 3, 31)
        ),
        "reviewer": reviewer,
        "away": Unavailability.objects.create(
            reviewer=reviewer,
            starts_on=datetime.date(2030, 1, 6),
            ends_on=datetime.date(2030, 1, 8),
        ),
        "share": ReportShare.objects.create(review=review, school=SchoolFactory(hub=hub)),
        "request": request,
        "engagement": EngagementFactory(request=request, provider=SchoolFactory(hub=hub)),
        "spend": SpendEntryFactory(allocation=allocation, receipt=receipt),
        "priority": ActionPriorityFactory(hub=hub),
        "event": EventFactory(hub=hub),
        "fee": MembershipFeeFactory(school=school, hub=hub),
        "membership_change": MembershipChangeFactory(school=school, hub=hub),
        "public_data": public_data_for(school),
        "import_run": ImportRun.objects.create(
            kind=ImportRun.Kind.MEMBERSHIPS,
            file_name="members.csv",
            dry_run=True,
            status=ImportRun.Status.FAILED,
            error="RuntimeError: stopped",
        ),
        "job": email_send(subject="Hello", body="Body", recipients=["someone@example.org"]),
        **_programme_side(hub, school),
    }


def _programme_side(hub, school) -> dict:
    cohort = CohortFactory(hub=hub, programme=ProgrammeFactory())
    enrolment = EnrolmentFactory(cohort=cohort, school=school)
    ParticipantFactory(enrolment=enrolment)
    return {"cohort": cohort, "enrolment": enrolment, "session": SessionFactory(cohort=cohort)}


@pytest.fixture
def lead_reviewer_a(db):
    return LeadReviewerFactory(
        user__email="lead.reviewer@example.org", user__full_name="Lee Lead"
    ).user


@pytest.fixture
def peer_reviewer_a(db):
    return ReviewerFactory(user__email="peer.reviewer@example.org", user__full_name="Pip Peer").user


@pytest.fixture
def sides(settings, tmp_path, hub_a, hub_b, school_a, school_b, lead_reviewer_a, peer_reviewer_a):
    settings.MEDIA_ROOT = tmp_path
    team = (lead_reviewer_a.reviewer, peer_reviewer_a.reviewer)
    return {"a": _side(hub_a, school_a, team), "b": _side(hub_b, school_b)}


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


# Who stands outside which side: hub A's staff outside hub B, school B's contact outside hub A,
# hub A's review team off hub B's review team.
OUTSIDERS = {
    "hub_manager_a": "b",
    "senior_partner_a": "b",
    "contact_b": "a",
    LEAD: "b",
    PEER: "b",
}


@pytest.mark.parametrize(
    "name", sorted(n for n, c in CASES.items() if c.kwargs and not c.any_school)
)
def test_another_hubs_or_schools_objects_answer_404(request, client_for, sides, name):
    answers = {
        role: _answer(request, client_for, role, name, sides[side], 404)
        for role, side in OUTSIDERS.items()
    }

    assert answers == dict.fromkeys(OUTSIDERS, 404)


def test_the_senior_partner_changes_only_their_hubs_action_plan_spend_targets_and_events():
    # A guard on the table itself: a senior partner leads their hub, so edits its action plan and
    # events, agrees its spend targets and has its annual report's PDF built, and reads the rest
    # of its records (reviews, requests, spend).
    changeable = sorted(
        n for n, c in CASES.items() if c.kwargs and c.changes and PARTNER in c.changes
    )

    assert changeable == [
        "events:attendance",
        "events:cancel",  # their own booking, if they have one
        "events:edit",
        "events:hub_event_create",
        "events:hub_event_edit",
        "hubs:priority_create",
        "hubs:priority_edit",
        "hubs:spend_targets",
        "reports:hub_annual_pdf_build",  # builds the PDF of the hub's report, which they read
    ]


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_is_sent_to_sign_in(client, sides, name):
    response = _request(client, name, sides["a"])

    if name == "account_logout":  # signing out when nobody is signed in lands on the sign-in page
        assert response.url == reverse("account_login")
        return
    assert response.status_code == 302, response.status_code
    assert response.url.startswith(reverse("account_login"))


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
    # form, or first ask the person to confirm it is them; none acts on it.
    side = sides["a"]
    before = (side["review"].version, side["request"].version, side["request"].status)
    client = client_for(central_team)
    authenticators = list(Authenticator.objects.order_by("pk").values_list("pk", "data"))

    response = client.get(_url(name, side))

    if response.status_code == 302:
        assert response.url.startswith(
            (reverse("account_reauthenticate"), reverse("mfa_reauthenticate"))
        ), response.url
    else:
        assert response.status_code in (200, 403, 405), response.status_code
    side["review"].refresh_from_db()
    side["request"].refresh_from_db()
    assert (side["review"].version, side["request"].version, side["request"].status) == before
    assert list(Authenticator.objects.order_by("pk").values_list("pk", "data")) == authenticators


# Before publication: the same review URLs, about the review whose report is submitted. What
# differs from the published review: the school cannot share a report that is not out yet.
# Nor is there an improvement plan before the report is out: nobody finds it.
BEFORE_PUBLICATION = {
    "reviews:share": change(SIGNED_IN, frozenset(), _review),
    **{
        name: dataclasses.replace(CASES[name], sees=frozenset(), changes=None)
        for name in ("reviews:plan", "reviews:action_add", "reviews:action_edit")
    },
}
REVIEW_URLS = sorted(n for n, c in CASES.items() if n.startswith("reviews:") and c.kwargs)


def _draft_side(side: dict) -> dict:
    return {**side, "review": side["draft"], "member": side["draft_member"]}


@pytest.mark.parametrize("name", REVIEW_URLS)
def test_before_publication_each_role_gets_the_answer_in_the_table(
    request, client_for, sides, name
):
    case = BEFORE_PUBLICATION.get(name, CASES[name])
    expected = {role: expected_answer(case, role) for role in ROLES}

    answers = {
        role: _answer(request, client_for, role, name, _draft_side(sides["a"]), answer)
        for role, answer in expected.items()
    }

    assert answers == expected


@pytest.mark.parametrize("name", REVIEW_URLS)
def test_before_publication_another_sides_review_answers_404(request, client_for, sides, name):
    answers = {
        role: _answer(request, client_for, role, name, _draft_side(sides[side]), 404)
        for role, side in OUTSIDERS.items()
    }

    assert answers == dict.fromkeys(OUTSIDERS, 404)


def test_reviewers_change_nothing_but_reviews():
    # A guard on the table: a reviewer with no other role changes their own account and the
    # reviews whose team they are on, nothing of hubs, schools or support requests.
    changeable = {n for n, c in CASES.items() if c.changes and TEAM & c.changes}
    own_account = ("account_", "mfa_", "events:calendar_reset", "digest:settings")
    theirs = {n for n in CASES if n.startswith(("reviews:", *own_account))}

    assert changeable - theirs == set()
