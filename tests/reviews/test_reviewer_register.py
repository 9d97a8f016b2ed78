"""The reviewer register's records: independent reviewers, training, unavailable dates, and the
order in which the team page suggests reviewers.

The review is of Alder Primary (hub A, North West), 4–6 November 2024.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hubs.choices import Phase, Region
from reviews import services
from reviews.models import Reviewer, Unavailability, conflicts_for
from reviews.suggestions import suggested_reviewers
from tests.factories.hubs import HubFactory
from tests.factories.reviews import (
    LeadReviewerFactory,
    ReviewerFactory,
    ReviewFactory,
    TeamMemberFactory,
)


@pytest.fixture
def review(school_a):
    return ReviewFactory(school=school_a)


@pytest.fixture
def far_hub(db):
    return HubFactory(name="Hub South", slug="hub-south", region=Region.SOUTH_WEST)


def _add(review, reviewer, by, role=Reviewer.Role.PEER, reason=""):
    review.refresh_from_db()
    return services.team_member_add(
        review=review,
        reviewer=reviewer,
        role=role,
        version=review.version,
        by=by,
        override_reason=reason,
    )


def test_an_independent_reviewer_has_no_school_and_no_conflict(review, central_team):
    reviewer = ReviewerFactory(school=None)
    assert reviewer.is_independent
    assert not conflicts_for(reviewer, review).any
    member = _add(review, reviewer, central_team)
    assert member.overridden_conflicts == ""


def test_unavailable_dates_overlapping_the_review_block_a_placement(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    Unavailability.objects.create(
        reviewer=reviewer, starts_on=datetime.date(2024, 11, 6), ends_on=datetime.date(2024, 11, 8)
    )
    with pytest.raises(ValidationError, match="unavailable from 6 Nov to 8 Nov 2024"):
        _add(review, reviewer, central_team, reason="They said they might manage")


def test_unavailable_dates_ending_before_the_review_do_not_block(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    Unavailability.objects.create(
        reviewer=reviewer, starts_on=datetime.date(2024, 11, 1), ends_on=datetime.date(2024, 11, 3)
    )
    assert _add(review, reviewer, central_team).reviewer == reviewer


def test_unavailable_dates_cannot_end_before_they_start(hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    away = Unavailability(
        reviewer=reviewer, starts_on=datetime.date(2024, 11, 6), ends_on=datetime.date(2024, 11, 5)
    )
    with pytest.raises(ValidationError, match="cannot end before they start"):
        away.full_clean()


def test_lapsed_training_needs_an_override(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b, refresher_due_on=datetime.date(2024, 10, 31))
    with pytest.raises(ValidationError, match="refresher training was due on 31 October 2024"):
        _add(review, reviewer, central_team)
    member = _add(review, reviewer, central_team, reason="Refresher booked for next week")
    assert "refresher" in member.overridden_conflicts


def test_training_due_on_the_first_day_is_still_current(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b, refresher_due_on=review.starts_on)
    assert not reviewer.training_lapsed_on(review.starts_on)
    assert not conflicts_for(reviewer, review).any


def test_suggestions_rank_in_a_fixed_order(review, hub_a, hub_b, far_hub):
    """No conflict, then the school's phase, then fewest reviews this year, then another region
    first; ties by the order reviewers were added. Lapsed, unavailable, own-school and (for the
    lead) unaccredited reviewers are left out."""
    other_year = ReviewFactory(
        school__hub=hub_b,
        academic_year=2024,
        starts_on=datetime.date(2025, 3, 3),
    )
    far = ReviewerFactory(school__hub=far_hub, school__region=Region.SOUTH_WEST)
    independent = ReviewerFactory(school=None)
    near = ReviewerFactory(school__hub=hub_b)
    busy_this_year = ReviewerFactory(school__hub=far_hub, school__region=Region.SOUTH_WEST)
    TeamMemberFactory(review=other_year, reviewer=busy_this_year)
    secondary_only = ReviewerFactory(
        school__hub=far_hub, school__region=Region.SOUTH_WEST, phases=[Phase.SECONDARY]
    )
    same_hub = ReviewerFactory(school__hub=hub_a)
    ReviewerFactory(
        school__hub=far_hub,
        school__region=Region.SOUTH_WEST,
        refresher_due_on=datetime.date(2024, 9, 1),
    )  # lapsed
    away = ReviewerFactory(school__hub=far_hub, school__region=Region.SOUTH_WEST)
    Unavailability.objects.create(
        reviewer=away, starts_on=datetime.date(2024, 11, 4), ends_on=datetime.date(2024, 11, 4)
    )
    ReviewerFactory(school=review.school)  # own school
    ReviewerFactory(school__hub=far_hub, school__region=Region.SOUTH_WEST, is_active=False)

    peers = suggested_reviewers(review, role=Reviewer.Role.PEER, limit=20)

    assert peers == [far, independent, near, busy_this_year, secondary_only, same_hub]


def test_only_accredited_leads_are_suggested_as_lead(review, hub_b, far_hub):
    ReviewerFactory(school__hub=far_hub, school__region=Region.SOUTH_WEST)
    lead_near = LeadReviewerFactory(school__hub=hub_b)
    lead_far = LeadReviewerFactory(school__hub=far_hub, school__region=Region.SOUTH_WEST)
    LeadReviewerFactory(
        school__hub=far_hub,
        school__region=Region.SOUTH_WEST,
        refresher_due_on=datetime.date(2024, 11, 3),
    )

    leads = suggested_reviewers(review, role=Reviewer.Role.LEAD, limit=20)

    assert leads == [lead_far, lead_near]
