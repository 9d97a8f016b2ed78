"""Reviewers who sign in: a lead and a peer on a review about to happen or under way, with the
school's self-evaluation and, once the team is on site, the first evidence notes."""

from demo.context import DemoContext
from partnership.models import User
from reviews.models import (
    EvidenceNote,
    Review,
    Reviewer,
    SelfEstimate,
    SelfEvaluation,
    TeamMember,
)

FOCUSES = [
    "Reading for pleasure in Key Stage 2",
    "Adaptive teaching for pupils with SEND",
    "Curriculum sequencing in foundation subjects",
]


def _user(ctx: DemoContext, local_part: str, full_name: str) -> User:
    return User.objects.create(
        email=ctx.email(local_part),
        password=ctx.password_hash,
        full_name=full_name,
        job_title="Headteacher",
    )


def seed(ctx: DemoContext) -> None:
    # The soonest confirmed review still to come, or else the latest one on site.
    review = (
        Review.objects.filter(status=Review.Status.TEAM_CONFIRMED, starts_on__gte=ctx.today)
        .order_by("starts_on", "pk")
        .first()
        or Review.objects.filter(status=Review.Status.ON_SITE).order_by("-starts_on", "pk").first()
    )
    if review is None:
        return
    members = list(review.team.select_related("reviewer").order_by("-role", "pk"))
    lead_member = next((m for m in members if m.role == Reviewer.Role.LEAD), None)
    peer_member = next((m for m in members if m.role == Reviewer.Role.PEER), None)
    if lead_member is None or peer_member is None:
        return
    logins = []
    for member, local_part, name, label in (
        (lead_member, "lead.reviewer", "Leah Lead", "lead reviewer"),
        (peer_member, "peer.reviewer", "Piers Peer", "peer reviewer"),
    ):
        # A login of their own takes over the placement, from the same school in the same role.
        reviewer = Reviewer.objects.create(
            user=_user(ctx, local_part, name),
            school_id=member.reviewer.school_id,
            role=member.role,
            trained_on=member.reviewer.trained_on,
            phases=member.reviewer.phases,
        )
        TeamMember.objects.filter(pk=member.pk).update(reviewer=reviewer)
        logins.append((label, reviewer.user.email))
    headings = list(review.framework.headings.all())
    grades = list(review.framework.grades.all())
    evaluation = SelfEvaluation.objects.create(review=review, focus=ctx.rng.choice(FOCUSES))
    SelfEstimate.objects.bulk_create(
        SelfEstimate(evaluation=evaluation, heading=h, grade=ctx.rng.choice(grades[:3]))
        for h in headings
    )
    if review.status == Review.Status.ON_SITE:
        author = Reviewer.objects.get(user__email=ctx.email("peer.reviewer")).user
        EvidenceNote.objects.bulk_create(
            EvidenceNote(
                review=review,
                heading=h,
                author=author,
                text="Learning walk with the deputy head: pupils explain their next steps.",
            )
            for h in headings[:2]
        )
    ctx.logins += logins
