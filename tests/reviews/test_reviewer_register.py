"""The reviewer register's records: independent reviewers, training, unavailable dates, and the
order in which the team page suggests reviewers.

The review is of Alder Primary (hub A, North West), 4–6 November 2024.
"""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubs.choices import Phase, Region
from reviews import permissions, services
from reviews.models import Review, Reviewer, ReviewerFeedback, Unavailability, conflicts_for
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


# The register page, a reviewer's record, and feedback on reviewers.


@pytest.fixture
def registered(hub_a, hub_b):
    """Three reviewers: a lapsed Ofsted-experienced lead in hub A, a peer in hub B, and an
    independent peer."""
    lead = LeadReviewerFactory(
        school__hub=hub_a,
        user__full_name="Lena Lead",
        refresher_due_on=datetime.date(2020, 1, 1),
        ofsted_experienced=True,
    )
    peer = ReviewerFactory(school__hub=hub_b, user__full_name="Pat Peer")
    independent = ReviewerFactory(school=None, user__full_name="Ida Independent")
    return {"lead": lead, "peer": peer, "independent": independent}


@pytest.mark.parametrize(
    "query, names",
    [
        ({"role": "lead"}, ["Lena Lead"]),
        ({"lapsed": "yes"}, ["Lena Lead"]),
        ({"lapsed": "no"}, ["Ida Independent", "Pat Peer"]),
        ({"ofsted_experienced": "true"}, ["Lena Lead"]),
        ({"independent": "yes"}, ["Ida Independent"]),
        ({"independent": "no"}, ["Lena Lead", "Pat Peer"]),
        ({"hub": "Hub B"}, ["Pat Peer"]),
        ({"name": "pat"}, ["Pat Peer"]),
    ],
)
def test_the_register_filters(client_for, central_team, registered, query, names):
    response = client_for(central_team).get(reverse("reviews:reviewers"), query)

    shown = [row.record.user.full_name for row in response.context["table"].paginated_rows]
    assert shown == names


def test_the_register_exports_its_filtered_rows_as_csv(client_for, central_team, registered):
    response = client_for(central_team).get(
        reverse("reviews:reviewers"), {"independent": "no", "_export": "csv"}
    )

    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Reviewer,Email,School,Hub,Accreditation,Trained,Refresher due")
    assert len(lines) == 3
    assert lines[1].startswith("Lena Lead,")
    assert "Lead reviewer" in lines[1] and "1 Jan 2020" in lines[1]


def test_hub_staff_see_their_hubs_reviewers_only(client_for, hub_manager_a, registered):
    client = client_for(hub_manager_a)
    response = client.get(reverse("reviews:reviewers"))
    shown = [row.record.user.full_name for row in response.context["table"].paginated_rows]
    assert shown == ["Lena Lead"]
    assert client.get(reverse("reviews:reviewer", args=[registered["peer"].pk])).status_code == 404


def test_the_reviewer_page_counts_reviews_per_year(client_for, central_team, registered, hub_b):
    lead = registered["lead"]
    for year in (2023, 2024):
        review = ReviewFactory(
            school__hub=hub_b, academic_year=year, starts_on=datetime.date(year, 11, 4)
        )
        TeamMemberFactory(review=review, reviewer=lead)

    response = client_for(central_team).get(reverse("reviews:reviewer", args=[lead.pk]))

    assert [(row["label"], row["led"]) for row in response.context["per_year"]] == [
        ("2024/25", 1),
        ("2023/24", 1),
    ]
    assert "Lapsed" in response.content.decode()


def test_the_central_team_records_unavailable_dates(client_for, central_team, registered):
    peer = registered["peer"]
    response = client_for(central_team).post(
        reverse("reviews:unavailable_add", args=[peer.pk]),
        {
            "starts_on": "2030-01-06",
            "ends_on": "2030-01-10",
            "reason": "Ofsted at own school",
            "submission_token": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 302
    assert peer.unavailable_dates.get().reason == "Ofsted at own school"


def test_backwards_unavailable_dates_are_refused_in_the_form(client_for, central_team, registered):
    peer = registered["peer"]
    response = client_for(central_team).post(
        reverse("reviews:unavailable_add", args=[peer.pk]),
        {
            "starts_on": "2030-01-10",
            "ends_on": "2030-01-06",
            "reason": "Typed backwards",
            "submission_token": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 200
    assert "cannot end before they start" in response.content.decode()
    assert 'value="Typed backwards"' in response.content.decode()
    assert not Unavailability.objects.exists()


def test_a_hub_manager_cannot_record_unavailable_dates(client_for, hub_manager_a, registered):
    response = client_for(hub_manager_a).post(
        reverse("reviews:unavailable_add", args=[registered["lead"].pk]),
        {"starts_on": "2030-01-06", "ends_on": "2030-01-10", "submission_token": str(uuid.uuid4())},
    )
    assert response.status_code == 403


@pytest.fixture
def held_review(school_a, hub_b):
    review = ReviewFactory(school=school_a, status=Review.Status.ON_SITE)
    lead = LeadReviewerFactory(school__hub=hub_b, user__full_name="Lee Lead")
    peer = ReviewerFactory(school__hub=hub_b, user__full_name="Pia Peer")
    TeamMemberFactory(review=review, reviewer=lead)
    TeamMemberFactory(review=review, reviewer=peer)
    return review


def test_the_headteacher_rates_a_reviewer(client_for, contact_a, held_review):
    peer = held_review.team.get(role="peer").reviewer
    client = client_for(contact_a)
    form = client.get(reverse("reviews:reviewer_feedback", args=[held_review.pk])).context["form"]
    assert form["rating"].value() is None

    response = client.post(
        reverse("reviews:reviewer_feedback", args=[held_review.pk]),
        {
            "reviewer": peer.pk,
            "rating": "9",
            "comment": "Kind and sharp.",
            "submission_token": uuid.uuid4(),
        },
    )

    assert response.status_code == 302
    feedback = ReviewerFeedback.objects.get()
    assert (feedback.reviewer, feedback.given_as, feedback.rating, feedback.given_by) == (
        peer,
        "headteacher",
        9,
        contact_a,
    )


def test_a_rating_is_required(client_for, contact_a, held_review):
    peer = held_review.team.get(role="peer").reviewer
    response = client_for(contact_a).post(
        reverse("reviews:reviewer_feedback", args=[held_review.pk]),
        {"reviewer": peer.pk, "rating": "", "comment": "Forgot", "submission_token": uuid.uuid4()},
    )
    assert response.status_code == 200
    assert "Choose a rating from 1 to 10." in response.content.decode()
    assert not ReviewerFeedback.objects.exists()


def test_only_the_lead_and_the_school_may_rate(central_team, contact_a, contact_b, held_review):
    lead = held_review.team.get(role="lead").reviewer
    assert permissions.reviewer_feedback_roles(lead.user, held_review) == ["lead"]
    assert permissions.reviewer_feedback_roles(contact_a, held_review) == ["headteacher"]
    assert permissions.reviewer_feedback_roles(contact_b, held_review) == []
    assert permissions.reviewer_feedback_roles(central_team, held_review) == []


def test_the_lead_rates_peers_not_themself(held_review):
    lead = held_review.team.get(role="lead").reviewer
    peer = held_review.team.get(role="peer").reviewer
    services.reviewer_feedback_give(
        review=held_review, reviewer=peer, given_as="lead", rating=7, comment="", by=lead.user
    )
    with pytest.raises(ValidationError, match="rates the peers, not themself"):
        services.reviewer_feedback_give(
            review=held_review, reviewer=lead, given_as="lead", rating=10, comment="", by=lead.user
        )
    assert ReviewerFeedback.objects.get().rating == 7
