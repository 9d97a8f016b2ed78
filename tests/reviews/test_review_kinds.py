"""Kinds of review are data: each kind's rules decide its team, its report and its scheduling, and
a new kind is added in admin and runs through the whole workflow with no code."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from reviews import services
from reviews.models import Estimate, Review, Reviewer, ReviewKind
from tests.factories.hubs import HubFactory
from tests.factories.reviews import (
    EvenBetterIfFactory,
    LeadReviewerFactory,
    ReviewerFactory,
    ReviewFactory,
    StrengthFactory,
    TeamMemberFactory,
    current_framework,
    review_kind,
)


def _lead_only(review: Review) -> Review:
    TeamMemberFactory(
        review=review, reviewer=LeadReviewerFactory(school__hub=HubFactory()), role="lead"
    )
    return review


def _move(review: Review, to: str, by) -> Review:
    review.refresh_from_db()
    return services.review_transition(review=review, to=to, version=review.version, by=by)


def _one_estimate_and_points(review: Review) -> None:
    """A report with an estimate under the first heading only, a strength and an EBI."""
    heading = review.framework.headings.first()
    Estimate.objects.create(review=review, heading=heading, grade=review.framework.grades.first())
    StrengthFactory(review=review)
    EvenBetterIfFactory(review=review)


@pytest.mark.parametrize("slug", ["spotlight", "immersion"])
def test_spotlight_and_immersion_need_neither_the_full_team_nor_every_heading(
    slug, school_b, central_team
):
    review = _lead_only(
        ReviewFactory(
            school=school_b,
            kind=review_kind(slug),
            spotlight_scope="Maths" if slug == "spotlight" else "",
            ends_on=datetime.date(2024, 11, 4),
        )
    )
    _one_estimate_and_points(review)

    assert review.team_problems() == []
    assert review.publication_problems() == []
    _move(review, Review.Status.TEAM_CONFIRMED, central_team)
    for step in (
        Review.Status.ON_SITE,
        Review.Status.REPORT_DRAFTED,
        Review.Status.SUBMITTED,
        Review.Status.APPROVED,
        Review.Status.PUBLISHED,
    ):
        _move(review, step, central_team)
    review.refresh_from_db()
    assert review.is_published


def test_an_annual_review_still_needs_the_full_team_and_every_heading(school_b):
    review = _lead_only(ReviewFactory(school=school_b, kind=review_kind("annual")))
    _one_estimate_and_points(review)

    assert review.team_problems() == ["The team needs 2 to 5 peer reviewers."]
    missing = review.publication_problems()
    assert len(missing) == 1 and missing[0].startswith("Record an estimate for every heading")


def test_the_three_kinds_keep_their_scheduling_rules(school_b, central_team):
    current_framework()

    def schedule(slug, starts_on, ends_on, scope=""):
        return services.review_create(
            school=school_b,
            kind=review_kind(slug),
            academic_year=2024,
            starts_on=starts_on,
            ends_on=ends_on,
            spotlight_scope=scope,
            by=central_team,
        )

    day = datetime.date(2024, 11, 4)
    with pytest.raises(ValidationError) as no_scope:
        schedule("spotlight", day, day)
    with pytest.raises(ValidationError) as two_days:
        schedule("immersion", day, day + datetime.timedelta(days=1))
    schedule("annual", day, day)
    with pytest.raises(ValidationError) as second_annual:
        schedule("annual", day + datetime.timedelta(days=7), day + datetime.timedelta(days=7))
    # Spotlights are not limited to one a year.
    schedule("spotlight", day, day, "Maths")
    schedule("spotlight", day, day, "Reading")

    assert "subject, phase or topic" in " ".join(no_scope.value.messages)
    assert "starts and ends on the same day" in " ".join(two_days.value.messages)
    assert "already has a review of this kind that year" in " ".join(second_annual.value.messages)
    assert Review.objects.filter(school=school_b).count() == 3


def test_the_database_itself_holds_one_annual_review_a_school_a_year(school_b):
    first = ReviewFactory(school=school_b, kind=review_kind("annual"))
    assert first.once_a_year

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(school=school_b, kind=review_kind("annual"))
    # A cancelled one does not count.
    first.status = Review.Status.CANCELLED
    first.save()
    ReviewFactory(school=school_b, kind=review_kind("annual"))


def test_changing_a_kinds_once_a_year_rule_reaches_its_reviews(school_b):
    spotlight = review_kind("spotlight")
    first = ReviewFactory(school=school_b, kind=spotlight, spotlight_scope="Maths")
    second = ReviewFactory(school=school_b, kind=spotlight, spotlight_scope="Reading")

    spotlight.one_per_school_per_year = True
    with pytest.raises(ValidationError, match="more than one of these in a year"):
        spotlight.full_clean()
    second.status = Review.Status.CANCELLED
    second.save()
    spotlight.full_clean()
    spotlight.save()

    first.refresh_from_db()
    assert first.once_a_year
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(school=school_b, kind=spotlight, spotlight_scope="Science")


def test_a_kind_cannot_have_fewer_peers_at_most_than_at_least(db):
    with pytest.raises(ValidationError, match="fewest peer reviewers cannot exceed the most"):
        ReviewKind(name="Odd", slug="odd", min_peers=3, max_peers=1).full_clean()


def test_a_kind_in_use_cannot_be_deleted(school_b):
    review = ReviewFactory(school=school_b, kind=review_kind("immersion"))
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        review.kind.delete()


def test_a_pupil_premium_review_added_in_admin_runs_by_its_own_rules(
    client_for, central_team, school_b
):
    """The annual report's planned Pupil Premium Review: added as data, scheduled from the page,
    staffed, reported and published by the rules it was given, with no code for it."""
    current_framework()
    central_team.is_staff = central_team.is_superuser = True
    central_team.save()
    client = client_for(central_team)
    added = client.post(
        reverse("admin:reviews_reviewkind_add"),
        {
            "name": "Pupil Premium Review",
            "slug": "pupil-premium",
            "description": "How the school spends and tracks its pupil premium.",
            "position": 4,
            "needs_lead": "on",
            "min_peers": 1,
            "max_peers": 1,
            "needs_strengths_and_ebis": "on",
            "one_per_school_per_year": "on",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    kind = ReviewKind.objects.get(slug="pupil-premium")
    assert not kind.every_heading_estimated

    form = client.get(reverse("reviews:create")).content.decode()
    assert '<option value="pupil-premium">Pupil Premium Review</option>' in form
    data = {
        "school": school_b.urn,
        "kind": "pupil-premium",
        "starts_on": "2024-11-04",
        "ends_on": "2024-11-05",
        "submission_token": str(uuid.uuid4()),
    }
    client.post(reverse("reviews:create"), data)
    review = Review.objects.get(school=school_b, kind=kind)
    later = {
        "starts_on": "2025-03-03",
        "ends_on": "2025-03-04",
        "submission_token": str(uuid.uuid4()),
    }
    again = client.post(reverse("reviews:create"), {**data, **later})
    assert "already has a review of this kind that year" in again.content.decode()

    # Its team: one lead and exactly one peer.
    _lead_only(review)
    with pytest.raises(ValidationError, match="The team needs 1 peer reviewers"):
        _move(review, Review.Status.TEAM_CONFIRMED, central_team)
    TeamMemberFactory(review=review, reviewer=ReviewerFactory(school__hub=HubFactory()))
    with pytest.raises(ValidationError, match="at most 1 peer reviewers"):
        TeamMemberFactory.build(
            review=review, reviewer=ReviewerFactory(school__hub=HubFactory())
        ).full_clean()
    _move(review, Review.Status.TEAM_CONFIRMED, central_team)
    _move(review, Review.Status.ON_SITE, central_team)
    _move(review, Review.Status.REPORT_DRAFTED, central_team)

    # Its report: a strength and an EBI are needed, an estimate under every heading is not.
    with pytest.raises(ValidationError) as empty:
        _move(review, Review.Status.SUBMITTED, central_team)
    assert [m for m in empty.value.messages if "Record" in m] == [
        "Record at least one strength (what went well).",
        "Record at least one even better if.",
    ]
    StrengthFactory(review=review)
    EvenBetterIfFactory(review=review)
    for step in (Review.Status.SUBMITTED, Review.Status.APPROVED, Review.Status.PUBLISHED):
        _move(review, step, central_team)

    review.refresh_from_db()
    assert review.is_published and not review.estimates.exists()
    assert review.team.filter(role=Reviewer.Role.PEER).count() == 1
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Pupil Premium Review" in page
    listed = client.get(reverse("reviews:list"), {"kind": "pupil-premium"}).content.decode()
    assert school_b.name in listed
