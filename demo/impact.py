"""The reviewer register's records and what followed the demo reviews: refresher training (some
lapsed), Ofsted experience, an independent lead reviewer, unavailable dates, feedback on
reviewers, improvement plans on recent EBIs, and each EBI's outcome at the school's next review.

Runs after the reviews are built, from the seed's own random stream, so it changes nothing that
came before it. Bounded at national scale: plans and feedback cover the latest reviews only.
"""

import datetime
import itertools
from collections import defaultdict

from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.context import DemoContext, copy_rows
from hubs.choices import Phase
from hubs.models import SchoolContact
from partnership.models import User
from reviews.impact import previous_review_id
from reviews.models import (
    EbiOutcome,
    EvenBetterIf,
    ImprovementAction,
    Review,
    Reviewer,
    ReviewerFeedback,
    TeamMember,
    Unavailability,
)

REFRESHER_YEARS = 3
PLANNED_EBIS = 3000  # the latest EBIs that get an improvement plan
RATED_REVIEWS = 1500  # the latest published reviews whose reviewers are rated
OUTCOME_YEARS = 4  # reviews of the last few years record their previous EBIs' outcomes

OWNERS = [
    "Headteacher",
    "Deputy headteacher",
    "Maths lead",
    "English lead",
    "SENCo",
    "Phase leader",
    "Attendance lead",
    "Governor for standards",
]
ACTIONS = [
    "Agree the success criteria with the staff concerned and share them with governors.",
    "Run a half-termly learning walk focused on this and feed back to staff.",
    "Book support from a partner school with verified excellence in this area.",
    "Train middle leaders to monitor this and report to the senior team.",
    "Review pupil outcomes data on this each term and adjust the plan.",
    "Visit a school in the hub that does this well and bring back one change.",
]
SOON = datetime.timedelta(days=120)


def seed(ctx: DemoContext) -> None:
    _training(ctx)
    _independent_lead(ctx)
    _unavailable(ctx)
    _outcomes(ctx)
    _plans(ctx)
    _reviewer_feedback(ctx)


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _training(ctx: DemoContext) -> None:
    """A refresher every three years since the first training; some with no review since have
    lapsed."""
    rng = ctx.rng
    # Training stays current through every review a reviewer is placed on.
    last_start = dict(
        TeamMember.objects.exclude(review__status=Review.Status.CANCELLED)
        .order_by()
        .values("reviewer_id")
        .annotate(last=Max("review__starts_on"))
        .values_list("reviewer_id", "last")
    )
    changed = []
    eligible = 0
    for reviewer_id, trained_on in Reviewer.objects.order_by("id").values_list("id", "trained_on"):
        if trained_on is None:
            continue
        placed_until = last_start.get(reviewer_id, trained_on)
        due = _years_after(trained_on, REFRESHER_YEARS)
        while due < max(ctx.today, placed_until):
            due = _years_after(due, REFRESHER_YEARS)
        lapsed_on = ctx.today - datetime.timedelta(days=rng.randint(7, 300))
        if lapsed_on > placed_until:  # no review since: one in eight of these has lapsed
            eligible += 1
            if eligible % 8 == 1:
                due = lapsed_on
        changed.append(
            Reviewer(id=reviewer_id, refresher_due_on=due, ofsted_experienced=rng.random() < 0.25)
        )
    Reviewer.objects.bulk_update(changed, ["refresher_due_on", "ofsted_experienced"], 2000)


def _independent_lead(ctx: DemoContext) -> None:
    """A lead reviewer with no school of their own: a former headteacher."""
    user = User.objects.create(
        email=ctx.email("independent.lead"),
        password=ctx.password_hash,
        full_name="Imogen Ingram",
        job_title="Independent lead reviewer",
    )
    reviewer = Reviewer.objects.create(
        user=user,
        school=None,
        role=Reviewer.Role.LEAD,
        trained_on=ctx.today - datetime.timedelta(days=5 * 365),
        refresher_due_on=ctx.today + datetime.timedelta(days=200),
        ofsted_experienced=True,
        phases=[Phase.PRIMARY, Phase.SECONDARY],
    )
    # A retired head whose refresher is overdue: the team page no longer suggests him.
    retired = User.objects.create(
        email=ctx.email("lapsed.reviewer"),
        password=ctx.password_hash,
        full_name="Leo Lapsley",
        job_title="Independent reviewer",
    )
    Reviewer.objects.create(
        user=retired,
        school=None,
        role=Reviewer.Role.PEER,
        trained_on=ctx.today - datetime.timedelta(days=7 * 365),
        refresher_due_on=ctx.today - datetime.timedelta(days=60),
        phases=[Phase.SECONDARY],
    )
    # Away for a fortnight soon, so the team page leaves her out of reviews then.
    starts_on = ctx.today + datetime.timedelta(days=21)
    Unavailability.objects.create(
        reviewer=reviewer,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=13),
        reason="Inspection training",
    )


def _unavailable(ctx: DemoContext) -> None:
    """About one reviewer in fifteen is away for a spell in the coming months."""
    rng = ctx.rng
    reasons = ["Ofsted inspection at own school", "Leave", "Training", "Exam season", ""]
    # Never over a review they are already placed on (that placement would be refused).
    busy = defaultdict(list)
    for reviewer_id, starts_on, ends_on in (
        TeamMember.objects.filter(review__ends_on__gte=ctx.today)
        .exclude(review__status=Review.Status.CANCELLED)
        .values_list("reviewer_id", "review__starts_on", "review__ends_on")
    ):
        busy[reviewer_id].append((starts_on, ends_on))
    rows = []
    for reviewer_id in Reviewer.objects.order_by("id").values_list("id", flat=True):
        if rng.random() < 1 / 15:
            starts_on = ctx.today + datetime.timedelta(days=rng.randint(0, 150))
            ends_on = starts_on + datetime.timedelta(days=rng.randint(0, 13))
            if any(s <= ends_on and e >= starts_on for s, e in busy[reviewer_id]):
                continue
            rows.append(
                Unavailability(
                    reviewer_id=reviewer_id,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    reason=rng.choice(reasons),
                )
            )
    bulk_create_with_history(rows, Unavailability, batch_size=2000)


def _outcomes(ctx: DemoContext) -> None:
    """Each held review of the last few years records what became of the previous review's
    EBIs: half addressed, three in ten partly, the rest not yet (on-site reviews, some only)."""
    rng = ctx.rng
    central_id = (
        User.objects.filter(is_central_team=True)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    later = (
        Review.objects.filter(
            academic_year__gt=ctx.current_year - OUTCOME_YEARS,
            status__in=[
                Review.Status.ON_SITE,
                Review.Status.REPORT_DRAFTED,
                Review.Status.PUBLISHED,
            ],
        )
        .annotate(previous_id=previous_review_id())
        .filter(previous_id__isnull=False)
        .order_by("starts_on", "id")
        .values_list("id", "previous_id", "status", "ends_on")
    )
    later_of = {}
    for review_id, previous_id, status, ends_on in later:
        if status == Review.Status.ON_SITE and rng.random() < 0.5:
            continue
        # Recorded on the team's last day at the school.
        recorded_at = timezone.make_aware(datetime.datetime.combine(ends_on, datetime.time(16)))
        later_of.setdefault(previous_id, (review_id, recorded_at))
    rows = []
    earlier = sorted(later_of)
    # In slices: a national network has more reviews than one statement may carry parameters.
    ebis = (
        EvenBetterIf.objects.filter(review_id__in=earlier[start : start + 10_000])
        .order_by("id")
        .values_list("id", "review_id")
        for start in range(0, len(earlier), 10_000)
    )
    for ebi_id, review_id in itertools.chain.from_iterable(ebis):
        roll = rng.random()
        outcome = (
            EbiOutcome.Outcome.ADDRESSED
            if roll < 0.5
            else EbiOutcome.Outcome.PARTLY
            if roll < 0.8
            else EbiOutcome.Outcome.NOT_YET
        )
        later_id, recorded_at = later_of[review_id]
        rows.append((ebi_id, later_id, outcome.value, central_id, recorded_at))
    # Hundreds of thousands at national scale: loaded with COPY, without history rows.
    copy_rows(EbiOutcome, ["ebi_id", "review_id", "outcome", "recorded_by_id", "recorded_at"], rows)


def _plans(ctx: DemoContext) -> None:
    """One to three actions on each of the latest published EBIs, green when done."""
    rng = ctx.rng
    ebis = list(
        EvenBetterIf.objects.filter(review__status=Review.Status.PUBLISHED)
        .order_by("-review__published_on", "-id")
        .values_list("id", "review__published_on", "review__school_id")[:PLANNED_EBIS]
    )
    contact = _contacts({school_id for _, _, school_id in ebis})
    rows = []
    for ebi_id, published_on, school_id in sorted(ebis):
        for _ in range(rng.randint(1, 3)):
            due_on = published_on + datetime.timedelta(days=rng.randint(30, 330))
            if due_on < ctx.today:
                rag = rng.choices(["green", "amber", "red"], weights=[6, 3, 1])[0]
            elif due_on < ctx.today + SOON:
                rag = rng.choices(["green", "amber", "red"], weights=[2, 5, 3])[0]
            else:
                rag = rng.choices(["green", "amber", "red"], weights=[1, 3, 6])[0]
            rows.append(
                ImprovementAction(
                    ebi_id=ebi_id,
                    text=rng.choice(ACTIONS),
                    owner=rng.choice(OWNERS),
                    due_on=due_on,
                    rag=rag,
                    updated_by_id=contact.get(school_id),
                )
            )
    bulk_create_with_history(rows, ImprovementAction, batch_size=2000)


def _reviewer_feedback(ctx: DemoContext) -> None:
    """On the latest published reviews, the headteacher rates most of the team and the lead
    rates most of the peers."""
    rng = ctx.rng
    review_ids = list(
        Review.objects.filter(status=Review.Status.PUBLISHED)
        .order_by("-published_on", "-id")
        .values_list("id", flat=True)[:RATED_REVIEWS]
    )
    rows = []
    team = list(
        TeamMember.objects.filter(review_id__in=review_ids)
        .order_by("review_id", "id")
        .values_list("review_id", "reviewer_id", "role", "reviewer__user_id", "review__school_id")
    )
    lead_user = {review_id: user_id for review_id, _, role, user_id, _ in team if role == "lead"}
    headteacher = _contacts({row[4] for row in team})
    for review_id, reviewer_id, role, _, school_id in team:
        if rng.random() < 0.6 and school_id in headteacher:
            rows.append(
                ReviewerFeedback(
                    review_id=review_id,
                    reviewer_id=reviewer_id,
                    given_as=ReviewerFeedback.GivenAs.HEADTEACHER,
                    given_by_id=headteacher[school_id],
                    rating=rng.randint(6, 10),
                    comment="",
                )
            )
        if role == Reviewer.Role.PEER and review_id in lead_user and rng.random() < 0.7:
            rows.append(
                ReviewerFeedback(
                    review_id=review_id,
                    reviewer_id=reviewer_id,
                    given_as=ReviewerFeedback.GivenAs.LEAD,
                    given_by_id=lead_user[review_id],
                    rating=rng.randint(5, 10),
                    comment=rng.choice(
                        ["", "Well prepared and precise.", "Asked sharp questions."]
                    ),
                )
            )
    bulk_create_with_history(rows, ReviewerFeedback, batch_size=2000)


def _contacts(school_ids: set[int]) -> dict[int, int]:
    """Each school's first contact (the user who acts for it in the demo)."""
    first = {}
    for school_id, user_id in (
        SchoolContact.objects.filter(school_id__in=school_ids)
        .order_by("school_id", "id")
        .values_list("school_id", "user_id")
    ):
        first.setdefault(school_id, user_id)
    return first
