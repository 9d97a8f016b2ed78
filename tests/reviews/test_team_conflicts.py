"""Conflicts of interest on a review team, and the central team's override."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from reviews import services
from reviews.models import Review, Reviewer, TeamMember, conflicts_for
from tests.factories.hubs import HubFactory, SchoolFactory, TrustFactory
from tests.factories.reviews import (
    LeadReviewerFactory,
    ReviewerFactory,
    ReviewFactory,
    TeamMemberFactory,
)


@pytest.fixture
def review(school_a):
    return ReviewFactory(school=school_a)


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


def test_reviewer_from_another_hub_joins_without_override(review, central_team, hub_b):
    member = _add(review, ReviewerFactory(school__hub=hub_b), central_team)
    assert member.overridden_conflicts == ""
    assert member.conflict_override_reason == ""


def test_reviewer_cannot_review_their_own_school(review, central_team):
    reviewer = ReviewerFactory(school=review.school)
    with pytest.raises(ValidationError, match="cannot review their own school"):
        _add(review, reviewer, central_team, reason="They know it well")
    assert not TeamMember.objects.exists()


def test_reviewer_cannot_review_a_school_of_their_own_trust(review, central_team, hub_b):
    trust = TrustFactory()
    review.school.trust = trust
    review.school.save()
    reviewer = ReviewerFactory(school__hub=hub_b, school__trust=trust)
    with pytest.raises(ValidationError, match="school of their own trust"):
        _add(review, reviewer, central_team, reason="Override attempt")


def test_same_hub_is_blocked_without_a_reason(review, central_team, hub_a):
    reviewer = ReviewerFactory(school__hub=hub_a)
    with pytest.raises(ValidationError) as error:
        _add(review, reviewer, central_team)
    assert "is from the same hub" in str(error.value)
    assert "written reason" in str(error.value)


def test_same_hub_with_a_written_reason_is_recorded_on_the_team(review, central_team, hub_a):
    reviewer = ReviewerFactory(school__hub=hub_a)
    member = _add(review, reviewer, central_team, reason="Only SEND specialist free that week")
    member.refresh_from_db()
    assert member.conflict_override_reason == "Only SEND specialist free that week"
    assert member.overridden_by == central_team
    assert "same hub" in member.overridden_conflicts


def test_reviewing_the_same_school_the_year_before_needs_an_override(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    last_year = ReviewFactory(
        school=review.school,
        academic_year=2023,
        starts_on=datetime.date(2023, 11, 6),
    )
    TeamMemberFactory(review=last_year, reviewer=reviewer)
    with pytest.raises(ValidationError, match="reviewed this school the year before"):
        _add(review, reviewer, central_team)
    member = _add(review, reviewer, central_team, reason="Continuity asked for by the head")
    assert "year before" in member.overridden_conflicts


def test_reviewing_the_school_two_years_before_is_no_conflict(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    earlier = ReviewFactory(
        school=review.school, academic_year=2022, starts_on=datetime.date(2022, 11, 7)
    )
    TeamMemberFactory(review=earlier, reviewer=reviewer)
    assert not conflicts_for(reviewer, review).any


def test_reviewer_cannot_be_on_two_reviews_with_overlapping_dates(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    clash = ReviewFactory(
        school=SchoolFactory(hub=hub_b),
        starts_on=datetime.date(2024, 11, 6),  # overlaps 4–6 November on the 6th
    )
    TeamMemberFactory(review=clash, reviewer=reviewer)
    with pytest.raises(ValidationError, match="already on a review over these dates"):
        _add(review, reviewer, central_team, reason="No override for this")


def test_a_cancelled_review_does_not_keep_its_reviewers_busy(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    cancelled = ReviewFactory(school=SchoolFactory(hub=hub_b), status=Review.Status.CANCELLED)
    TeamMemberFactory(review=cancelled, reviewer=reviewer)
    assert _add(review, reviewer, central_team).pk


def test_back_to_back_reviews_do_not_overlap(review, central_team, hub_b):
    reviewer = ReviewerFactory(school__hub=hub_b)
    next_week = ReviewFactory(school=SchoolFactory(hub=hub_b), starts_on=datetime.date(2024, 11, 7))
    TeamMemberFactory(review=next_week, reviewer=reviewer)
    assert _add(review, reviewer, central_team).pk


def test_only_a_lead_reviewer_can_lead(review, central_team, hub_b):
    with pytest.raises(ValidationError, match="Only a trained lead reviewer"):
        _add(review, ReviewerFactory(school__hub=hub_b), central_team, role=Reviewer.Role.LEAD)


def test_a_team_has_one_lead(review, central_team, hub_b):
    _add(review, LeadReviewerFactory(school__hub=hub_b), central_team, role=Reviewer.Role.LEAD)
    with pytest.raises(ValidationError, match="already has a lead reviewer"):
        _add(review, LeadReviewerFactory(school__hub=hub_b), central_team, role=Reviewer.Role.LEAD)


def test_a_team_has_at_most_five_peers(review, central_team):
    for _ in range(5):
        _add(review, ReviewerFactory(school__hub=HubFactory()), central_team)
    with pytest.raises(ValidationError, match="at most 5 peer reviewers"):
        _add(review, ReviewerFactory(school__hub=HubFactory()), central_team)


def test_team_cannot_be_confirmed_without_a_lead_and_two_peers(review, central_team, hub_b):
    _add(review, ReviewerFactory(school__hub=hub_b), central_team)
    review.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.review_transition(
            review=review, to=Review.Status.TEAM_CONFIRMED, version=review.version, by=central_team
        )
    assert "one lead reviewer" in str(error.value)
    assert "2 to 5 peer reviewers" in str(error.value)


def test_swap_replaces_a_member_in_the_same_role(review, central_team, hub_b):
    first = _add(review, ReviewerFactory(school__hub=hub_b), central_team)
    newcomer = ReviewerFactory(school__hub=HubFactory())
    review.refresh_from_db()
    swapped = services.team_member_swap(
        member=first, reviewer=newcomer, version=review.version, by=central_team
    )
    assert list(review.team.values_list("reviewer", flat=True)) == [newcomer.pk]
    assert swapped.role == Reviewer.Role.PEER


def _token() -> dict:
    return {"submission_token": str(uuid.uuid4())}


def test_blocked_conflict_shows_its_message_on_the_team_page(
    client_for, central_team, review, school_a
):
    reviewer = ReviewerFactory(school=school_a)
    client = client_for(central_team)
    response = client.post(
        f"/reviews/{review.pk}/team/add/",
        {"version": review.version, "reviewer": reviewer.pk, "role": "peer", **_token()},
        follow=True,
    )
    assert "cannot review their own school" in response.content.decode()
    assert not review.team.exists()


def test_override_through_the_page_is_recorded(client_for, central_team, review, hub_a):
    reviewer = ReviewerFactory(school__hub=hub_a)
    client = client_for(central_team)
    client.post(
        f"/reviews/{review.pk}/team/add/",
        {"version": review.version, "reviewer": reviewer.pk, "role": "peer", **_token()},
    )
    assert not review.team.exists()
    client.post(
        f"/reviews/{review.pk}/team/add/",
        {
            "version": review.version,
            "reviewer": reviewer.pk,
            "role": "peer",
            "override_reason": "Agreed with both heads",
            **_token(),
        },
    )
    member = review.team.get()
    assert member.conflict_override_reason == "Agreed with both heads"
    assert member.overridden_by == central_team


def test_admin_gives_the_same_conflict_message(client_for, review, school_a):
    from tests.factories.people import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True, is_central_team=True)
    reviewer = ReviewerFactory(school=school_a)
    response = client_for(admin_user).post(
        "/admin/reviews/teammember/add/",
        {"review": review.pk, "reviewer": reviewer.pk, "role": "peer"},
    )
    assert response.status_code == 200
    assert "cannot review their own school" in response.content.decode()
    assert not TeamMember.objects.exists()
