"""Who may do what with reviews (seeing one is `Review.objects.visible_to`, reading its report
`Review.objects.report_readable_by`).

The central team schedules reviews, quality-assures and publishes reports, and may do anything
the team does; the lead reviewer drafts the report and submits it; every member of the team adds
evidence; a reviewed school's contacts evaluate the school before the review, nominate its area of
excellence, give feedback and share the report; hub staff read their schools' reviews.
"""

from hubs import permissions as hubs
from reviews.models import TRANSITIONS, Review, Reviewer, TeamMember, is_reviewer


def may_see_reviews(user) -> bool:
    """The review list and calendar: anyone with schools to see, and reviewers (the rest 404)."""
    return hubs.has_a_role(user) or is_reviewer(user)


def may_manage_reviews(user) -> bool:
    """Scheduling reviews, their teams and dates: the central team."""
    return hubs.is_central_team(user)


def may_see_my_reviews(user) -> bool:
    """A reviewer's own reviews (the central team, who see every review, need no such page)."""
    return not hubs.is_central_team(user) and is_reviewer(user)


def team_role(user, review: Review) -> str | None:
    """The user's role on the review's team (lead or peer), or None (asked once per review)."""
    cache = getattr(user, "_team_roles", None)
    if cache is None:
        cache = user._team_roles = {}
    if review.pk not in cache:
        cache[review.pk] = (
            TeamMember.objects.filter(review_id=review.pk, reviewer__user_id=user.pk)
            .values_list("role", flat=True)
            .first()
            if user.is_authenticated
            else None
        )
    return cache[review.pk]


def is_on_team(user, review: Review) -> bool:
    return team_role(user, review) is not None


def is_lead(user, review: Review) -> bool:
    return team_role(user, review) == Reviewer.Role.LEAD


def may_read_report(user, review: Review) -> bool:
    """Estimates, strengths, EBIs and the team's decisions: the central team and the review
    team at any time; everyone else who sees the review once it is published."""
    return review.is_published or hubs.is_central_team(user) or is_on_team(user, review)


def may_read_pack(user, review: Review) -> bool:
    """The pre-review pack and the evidence notes: the team and the central team."""
    return hubs.is_central_team(user) or is_on_team(user, review)


def may_add_evidence(user, review: Review) -> bool:
    return may_read_pack(user, review) and review.report_is_open


def may_write_report(user, review: Review) -> bool:
    """Estimates, strengths and EBIs: the lead reviewer (the central team keeps the right)."""
    return hubs.is_central_team(user) or is_lead(user, review)


def may_verify_area(user, review: Review) -> bool:
    """The team's decision on the nominated area of excellence, recorded by its lead."""
    return may_write_report(user, review)


# The moves the lead makes: drafting, going back on site, submitting (again) for QA. The rest
# (confirming the team, approving, returning, publishing, cancelling) are the central team's.
LEAD_MOVES = {
    (Review.Status.ON_SITE, Review.Status.REPORT_DRAFTED),
    (Review.Status.REPORT_DRAFTED, Review.Status.ON_SITE),
    (Review.Status.REPORT_DRAFTED, Review.Status.SUBMITTED),
    (Review.Status.RETURNED, Review.Status.SUBMITTED),
}


def moves_for(user, review: Review) -> list[Review.Status]:
    """The statuses this user may move the review to now."""
    allowed = review.allowed_transitions()
    if hubs.is_central_team(user):
        return allowed
    if is_lead(user, review):
        return [to for to in allowed if (review.status, to) in LEAD_MOVES]
    return []


def may_move(user, review: Review, to: str) -> bool:
    return to in TRANSITIONS.get(review.status, ()) and to in moves_for(user, review)


def may_change_status(user, review: Review) -> bool:
    """Someone who may move the review at some point (a 403 for the rest who see it)."""
    return hubs.is_central_team(user) or is_lead(user, review)


def may_self_evaluate(user, review: Review) -> bool:
    """The school (its contacts), its hub's managers, and the central team for it."""
    return acts_for_reviewed_school(user, review) or hubs.manages_school(user, review.school)


def may_see_reviewer_register(user) -> bool:
    """The central team sees every reviewer, hub staff their hub's (the rest get 404)."""
    return hubs.is_central_team(user) or hubs.is_hub_staff(user)


def may_see_review_coverage(user) -> bool:
    """Which member schools are due a review: the central team, and hub managers for their hub
    (the rest get 404)."""
    return hubs.is_central_team(user) or hubs.manages_a_hub(user)


def acts_for_reviewed_school(user, review: Review) -> bool:
    """One of the reviewed school's contacts."""
    return review.school_id in hubs.contact_school_ids(user)


def may_nominate_area(user, review: Review) -> bool:
    """The school nominates its area of excellence, or the central team does for it."""
    return may_manage_reviews(user) or acts_for_reviewed_school(user, review)


def may_give_feedback(user, review: Review) -> bool:
    """Only the reviewed school's contact marked as its headteacher rates the review; its other
    contacts read the feedback."""
    return review.school_id in hubs.headteacher_school_ids(user)


def may_withdraw_share(user, review: Review) -> bool:
    """The school that shared its report may withdraw a share."""
    return acts_for_reviewed_school(user, review)


def may_share_report(user, review: Review) -> bool:
    return acts_for_reviewed_school(user, review) and review.is_published


def may_follow_up(user, review: Review) -> bool:
    """Once the report is out, the school's contacts, its hub's managers and the central team
    read the headteacher's feedback and may ask for support with what it found."""
    return review.is_published and (
        acts_for_reviewed_school(user, review) or hubs.manages_school(user, review.school)
    )


def may_read_school_reviews(user, school) -> bool:
    """Every review of the school, not only those shared with the user's own school."""
    return hubs.may_read_school_record(user, school)


def may_read_improvement_plan(user, review: Review) -> bool:
    """A published report's plan: the school's contacts, its hub's staff and the central team."""
    return review.is_published and may_read_school_reviews(user, review.school)


def may_update_improvement_plan(user, review: Review) -> bool:
    """The school keeps its plan up to date, with its hub's manager (and the central team)."""
    return review.is_published and (
        acts_for_reviewed_school(user, review) or hubs.manages_school(user, review.school)
    )


def is_lead_reviewer_of(user, review: Review, team=None) -> bool:
    """The review's lead reviewer (`team`: its members, when the page has them loaded)."""
    if team is not None:
        return any(m.role == "lead" and m.reviewer.user_id == user.pk for m in team)
    return review.team.filter(role="lead", reviewer__user_id=user.pk).exists()


def may_record_ebi_outcomes(user, review: Review, team=None) -> bool:
    """The team's finding on the previous review's EBIs, recorded on site or while drafting by
    its lead, or by the central team for them."""
    return review.report_is_open and (
        may_manage_reviews(user) or is_lead_reviewer_of(user, review, team)
    )


def reviewer_feedback_roles(user, review: Review, team=None) -> list[str]:
    """As whom the user may rate the reviewers of a review: its lead rates the peers, and the
    reviewed school's headteacher (through a contact's login) rates every reviewer."""
    roles = []
    if is_lead_reviewer_of(user, review, team):
        roles.append("lead")
    if acts_for_reviewed_school(user, review):
        roles.append("headteacher")
    return roles


def may_manage_reviewer_register(user) -> bool:
    """Training records and unavailable dates are kept by the central team."""
    return hubs.is_central_team(user)
