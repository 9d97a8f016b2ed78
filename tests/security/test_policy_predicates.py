"""The policy modules' predicates, role by role, and their agreement with the models' scoping.

The URL access matrix proves what each page answers; these pin the named predicates the pages
ask, so a rule reads the same wherever it is asked.
"""

import pytest

from brokering import permissions as brokering
from hubs import permissions as hubs
from hubs.models import Hub, School
from partnership.reports import permissions as reports
from reviews import permissions as reviews
from tests.factories.people import UserFactory
from tests.factories.reviews import published_review

pytestmark = pytest.mark.django_db

ROLES = ["central_team", "hub_manager_a", "senior_partner_a", "contact_b", "no_role"]


@pytest.fixture
def cast(central_team, hub_manager_a, senior_partner_a, contact_b):
    return {
        "central_team": central_team,
        "hub_manager_a": hub_manager_a,
        "senior_partner_a": senior_partner_a,
        "contact_b": contact_b,
        "no_role": UserFactory(email="nobody@example.org"),
    }


# role: (may read hub A, hub B; may manage hub A, hub B)
HUBS = {
    "central_team": (True, True, True, True),
    "hub_manager_a": (True, False, True, False),
    "senior_partner_a": (True, False, False, False),
    "contact_b": (False, False, False, False),
    "no_role": (False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_and_manages_each_hub(cast, hub_a, hub_b, role):
    user = cast[role]

    found = (
        hubs.may_read_hub(user, hub_a),
        hubs.may_read_hub(user, hub_b),
        hubs.may_manage_hub(user, hub_a),
        hubs.may_manage_hub(user, hub_b),
    )

    assert found == HUBS[role]


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_hub_agrees_with_the_hubs_a_user_sees(cast, hub_a, hub_b, role):
    user = cast[role]
    visible = set(Hub.objects.visible_to(user))

    assert {hub for hub in (hub_a, hub_b) if hubs.may_read_hub(user, hub)} == visible


# role: (may edit school A, school B; reads all of A's record, B's record; may raise for A, B)
SCHOOLS = {
    "central_team": (True, True, True, True, True, True),
    "hub_manager_a": (True, False, True, False, True, False),
    "senior_partner_a": (False, False, True, False, False, False),
    "contact_b": (False, False, False, True, False, True),
    "no_role": (False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_edits_reads_and_raises_for_each_school(cast, school_a, school_b, role):
    user = cast[role]

    found = (
        hubs.may_edit_school(user, school_a),
        hubs.may_edit_school(user, school_b),
        hubs.may_read_school_record(user, school_a),
        hubs.may_read_school_record(user, school_b),
        brokering.may_raise_for(user, school_a),
        brokering.may_raise_for(user, school_b),
    )

    assert found == SCHOOLS[role]


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_schools_record_agrees_with_the_schools_a_user_sees(
    cast, school_a, school_b, role
):
    user = cast[role]
    visible = set(School.objects.visible_to(user))

    assert {s for s in (school_a, school_b) if hubs.may_read_school_record(user, s)} == visible
    assert set(brokering.schools_user_may_raise_for(user)) == {
        s for s in (school_a, school_b) if brokering.may_raise_for(user, s)
    }


# role: (reviews, manage reviews, reviewer register, queue, support requests, network report,
# hub reports)
PAGES = {
    "central_team": (True, True, True, True, True, True, False),
    "hub_manager_a": (True, False, True, False, True, False, True),
    "senior_partner_a": (True, False, True, False, True, False, True),
    "contact_b": (True, False, False, False, True, False, False),
    "no_role": (False, False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_network_and_list_pages(cast, role):
    user = cast[role]

    found = (
        reviews.may_see_reviews(user),
        reviews.may_manage_reviews(user),
        reviews.may_see_reviewer_register(user),
        brokering.may_work_the_queue(user),
        brokering.may_see_support_requests(user),
        reports.may_see_network_reports(user),
        reports.may_see_hub_reports(user),
    )

    assert found == PAGES[role]


# role: (nominate an area, give feedback, share the report, follow it up) on school B's review
REVIEW_OF_B = {
    "central_team": (True, False, False, True),
    "hub_manager_a": (False, False, False, False),
    "senior_partner_a": (False, False, False, False),
    "contact_b": (True, True, True, True),
    "no_role": (False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_acts_on_a_published_review(cast, school_b, role):
    user = cast[role]
    review = published_review(school=school_b)

    found = (
        reviews.may_nominate_area(user, review),
        reviews.may_give_feedback(user, review),
        reviews.may_share_report(user, review),
        reviews.may_follow_up(user, review),
    )

    assert found == REVIEW_OF_B[role]


def test_a_hub_manager_follows_up_their_hubs_review_and_a_senior_partner_does_not(
    hub_manager_a, senior_partner_a, school_a
):
    review = published_review(school=school_a)

    assert reviews.may_follow_up(hub_manager_a, review)
    assert not reviews.may_follow_up(senior_partner_a, review)


def test_nothing_is_followed_up_or_shared_before_the_report_is_published(contact_b, school_b):
    review = published_review(school=school_b)
    review.status = review.Status.REPORT_DRAFTED

    assert not reviews.may_follow_up(contact_b, review)
    assert not reviews.may_share_report(contact_b, review)
    assert reviews.may_give_feedback(contact_b, review)
