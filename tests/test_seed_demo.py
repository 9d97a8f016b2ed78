"""The demo seeder builds a small network of the right shape, valid by every model rule."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction

from brokering.models import Engagement, Feedback, RequestEvent, Status, SupportRequest
from events.models import Booking, Event
from finance.models import ActivityBudget, IncomeEntry, SpendForecast
from hubs.models import (
    ActionPriority,
    FeeBand,
    FundingAllocation,
    Hub,
    MembershipFee,
    School,
    SpendCategory,
    SpendEntry,
)
from hubs.years import academic_year_of
from partnership.digest.build import digest_for
from partnership.lib.digest import DigestWeek
from partnership.models import User
from publicdata.models import Designation, ExamResult, Inspection, NationalResult, SchoolLink
from reviews.models import (
    AreaOfExcellence,
    EbiOutcome,
    Estimate,
    EvenBetterIf,
    Framework,
    HeadteacherFeedback,
    ImprovementAction,
    PracticeArea,
    Review,
    Reviewer,
    ReviewerFeedback,
    ReviewStatusChange,
    Strength,
    TeamMember,
    Unavailability,
)
from survey.models import SurveyResponse

TODAY = datetime.date(2026, 11, 24)
SAMPLE = 40

pytestmark = pytest.mark.django_db


def seed(seed: int = 2026) -> None:
    call_command(
        "seed_demo", schools=60, hubs=3, today=TODAY, seed=seed, no_progress=True, verbosity=0
    )


def test_reviews_of_the_current_year_are_in_every_status():
    seed()
    statuses = set(
        Review.objects.filter(academic_year=academic_year_of(TODAY)).values_list(
            "status", flat=True
        )
    )
    assert statuses == set(Review.Status.values)
    years = set(Review.objects.values_list("academic_year", flat=True))
    assert len(years) == 10
    assert {"annual", "spotlight", "immersion"} <= set(
        Review.objects.values_list("kind__slug", flat=True)
    )


def test_published_reviews_are_fully_reported_by_a_valid_team():
    seed()
    published = Review.objects.filter(status=Review.Status.PUBLISHED).select_related("framework")
    assert published.exists()
    for review in published.prefetch_related("framework__headings", "estimates", "team"):
        assert review.publication_problems() == [], review
        assert review.team_problems() == [], review
        headings = {h.pk for h in review.framework.headings.all()}
        assert {e.heading_id for e in review.estimates.all()} == headings
        assert review.published_on and review.ends_on <= review.published_on <= TODAY
    # Teams: nobody reviews their own school, their trust's or their own hub's.
    for member in TeamMember.objects.select_related("reviewer__school", "review__school"):
        theirs, school = member.reviewer.school, member.review.school
        assert theirs.pk != school.pk
        assert not (theirs.trust_id and theirs.trust_id == school.trust_id)
        assert theirs.hub_id != school.hub_id
        assert member.academic_year == member.review.academic_year
        assert member.reviewer.trained_on < member.review.starts_on


def test_support_requests_are_in_every_state_with_a_timeline():
    seed()
    assert set(SupportRequest.objects.values_list("status", flat=True)) == set(Status.values)
    assert SupportRequest.objects.filter(source="ebi", ebi__isnull=False).exists()
    assert SupportRequest.objects.exclude(broker=None).exists()
    for request in SupportRequest.objects.prefetch_related("events", "engagements"):
        events = list(request.events.all())
        assert events[0].kind == RequestEvent.Kind.RAISED
        moves = [e for e in events if e.kind == RequestEvent.Kind.STATUS]
        # The status moves happen in order, and nothing before the request was raised.
        times = [e.at for e in sorted(moves, key=lambda e: e.pk)]
        assert times == sorted(times), request
        assert all(request.submitted_at <= e.at for e in events), request
        assert all(e.at.date() <= TODAY for e in events), request
        if took := [e for e in events if e.kind == RequestEvent.Kind.PROVIDER_ACCEPTED]:
            to_brokered = next(e for e in moves if e.to_status == Status.BROKERED)
            assert took[0].at <= to_brokered.at, request
        assert (moves[-1].to_status if moves else Status.SUBMITTED) == request.status
        accepted = [e for e in request.engagements.all() if e.status == "accepted"]
        brokered = request.status in (
            Status.BROKERED,
            Status.IN_PROGRESS,
            Status.COMPLETED,
            Status.CLOSED,
        )
        assert len(accepted) == (1 if brokered else 0), request
        if request.ebi_id:
            assert request.ebi.review.published_on <= request.submitted_at.date()
    assert set(Engagement.objects.values_list("status", flat=True)) == set(Engagement.Status.values)


def test_providers_hold_excellence_verified_when_they_were_engaged():
    seed()
    offered = AreaOfExcellence.objects.offered(TODAY)
    assert set(offered.values_list("practice_area", flat=True)) == set(
        PracticeArea.objects.filter(is_active=True).values_list("pk", flat=True)
    )
    assert AreaOfExcellence.objects.filter(status="nominated").exists()
    for engagement in Engagement.objects.select_related("request"):
        assert engagement.provider_id != engagement.request.school_id
        day = engagement.proposed_at.date()
        assert AreaOfExcellence.objects.filter(
            school_id=engagement.provider_id,
            status="verified",
            verified_on__lt=day,
            expires_on__gt=day,
        ).exists(), engagement


def test_a_sample_of_every_model_passes_its_own_rules():
    seed()
    models = [
        Review,
        TeamMember,
        ReviewStatusChange,
        Estimate,
        Strength,
        EvenBetterIf,
        AreaOfExcellence,
        HeadteacherFeedback,
        Unavailability,
        ReviewerFeedback,
        ImprovementAction,
        EbiOutcome,
        SupportRequest,
        RequestEvent,
        Engagement,
        Feedback,
        FundingAllocation,
        SpendEntry,
        ActionPriority,
        Event,
        FeeBand,
        MembershipFee,
        Inspection,
        ExamResult,
        NationalResult,
        Designation,
        SchoolLink,
        IncomeEntry,
        ActivityBudget,
        SpendForecast,
        SurveyResponse,
    ]
    for model in models:
        rows = list(model.objects.order_by("?")[:SAMPLE])
        assert rows, model
        for row in rows:
            # Loaded rows read their status as the one stored, so no transition is checked.
            row.full_clean()


def test_every_hub_has_funding_spend_a_plan_events_and_fees_this_year():
    seed()
    year = academic_year_of(TODAY)

    for hub in Hub.objects.all():
        allocation = FundingAllocation.objects.get(hub=hub, academic_year=year)
        categories = set(allocation.spend_entries.values_list("category", flat=True))
        assert categories == set(SpendCategory.values), hub
        assert ActionPriority.objects.filter(hub=hub, academic_year=year).count() >= 3
        assert Event.objects.filter(hub=hub, schools_attended__isnull=False).exists()
        members = School.objects.filter(hub=hub).count()
        assert MembershipFee.objects.filter(hub=hub, academic_year=year).count() == members
    # Spend over an allocation is flagged, and only that.
    for entry in SpendEntry.objects.filter(overspend=True).select_related("allocation"):
        before = entry.allocation.spend_entries.filter(id__lte=entry.id)
        assert sum(e.amount for e in before) > entry.allocation.amount


def test_demo_logins_have_something_to_open():
    seed()
    # As demo.hubs picks them: the first hub's manager, and the head of the first school of
    # another hub.
    first_hub = Hub.objects.order_by("id").first()
    school = School.objects.exclude(hub=None).exclude(hub=first_hub).order_by("id").first()
    published = Review.objects.filter(school=school, status=Review.Status.PUBLISHED)
    assert EvenBetterIf.objects.filter(review__in=published).exists()
    assert SupportRequest.objects.filter(school=school).exists()
    assert Review.objects.filter(school__hub=first_hub).exists()
    assert SupportRequest.objects.filter(hub=first_hub).exists()


def snapshot() -> dict:
    """The seeded data by natural keys, since ids depend on what the database held before."""
    return {
        "reviews": sorted(
            Review.objects.values_list(
                "school__urn", "kind__slug", "academic_year", "starts_on", "status", "published_on"
            )
        ),
        "estimates": sorted(
            Estimate.objects.values_list(
                "review__school__urn",
                "review__kind__slug",
                "review__starts_on",
                "heading__title",
                "grade__label",
            )
        ),
        "team": sorted(
            TeamMember.objects.values_list(
                "review__school__urn",
                "review__kind__slug",
                "review__starts_on",
                "reviewer__user__email",
                "role",
            )
        ),
        "excellence": sorted(
            AreaOfExcellence.objects.values_list(
                "school__urn", "practice_area__slug", "status", "verified_on", "expires_on"
            )
        ),
        "requests": sorted(
            SupportRequest.objects.values_list(
                "school__urn", "submitted_at", "status", "source", "broker__email", "needed"
            )
        ),
        "engagements": sorted(
            Engagement.objects.values_list(
                "request__school__urn",
                "request__submitted_at",
                "provider__urn",
                "status",
                "proposed_at",
            )
        ),
        "events": sorted(
            RequestEvent.objects.values_list("request__submitted_at", "kind", "to_status", "at")
        ),
    }


class Rollback(Exception):
    pass


def seeded_snapshot(seed_value: int) -> dict:
    try:
        with transaction.atomic():
            seed(seed_value)
            taken = snapshot()
            raise Rollback
    except Rollback:
        return taken


def test_the_same_seed_gives_the_same_data():
    first = seeded_snapshot(7)
    assert first["reviews"] and first["requests"]
    assert seeded_snapshot(7) == first
    assert seeded_snapshot(8) != first


def test_seeding_puts_back_the_reference_data_a_flush_removed():
    # `manage.py flush` (and every transactional test) empties the rows migrations wrote.
    PracticeArea.objects.all().delete()
    Framework.objects.all().delete()
    seed()
    assert PracticeArea.objects.count() == 12
    assert Framework.objects.filter(effective_from_year=2019).exists()
    assert AreaOfExcellence.objects.exists()


def test_every_demo_login_has_a_weekly_digest_and_events_have_bookings(capsys):
    seed()
    call_command("demo_logins")
    emails = set(re.findall(r"\S+@\S+", capsys.readouterr().out))
    week = DigestWeek.of(TODAY)

    assert len(emails) == 7  # admin, central team, hub manager, senior partner, head, lead, peer
    for user in User.objects.filter(email__in=emails):
        assert digest_for(user, week) is not None, user.email
    assert Event.objects.filter(hub__isnull=True, bookings__isnull=False).exists()
    assert Booking.objects.filter(status=Booking.Status.WAITLISTED).exists()
    assert Booking.objects.filter(attended=True).exists()


def test_the_register_and_the_impact_of_reviews_have_demo_data():
    seed()
    assert Reviewer.objects.filter(school__isnull=True, role=Reviewer.Role.LEAD).exists()
    assert Reviewer.objects.lapsed(TODAY).exists()
    assert Reviewer.objects.training_current(TODAY).exists()
    outcomes = set(EbiOutcome.objects.values_list("outcome", flat=True))
    assert outcomes == set(EbiOutcome.Outcome.values)
    assert set(ImprovementAction.objects.values_list("rag", flat=True)) == {"red", "amber", "green"}
