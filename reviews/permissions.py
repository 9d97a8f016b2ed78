"""Who may do what with reviews (seeing one is `Review.objects.visible_to`).

The central team schedules and runs reviews; a reviewed school's contacts nominate its area of
excellence, give feedback and share the report; hub staff read their schools' reviews.
"""

from hubs import permissions as hubs
from reviews.models import Review


def may_see_reviews(user) -> bool:
    """The review list and calendar: anyone with schools to see (the rest get 404)."""
    return hubs.has_a_role(user)


def may_manage_reviews(user) -> bool:
    """Scheduling reviews, their teams, reports, status and verifying areas: the central team."""
    return hubs.is_central_team(user)


def may_see_reviewer_register(user) -> bool:
    """The central team sees every reviewer, hub staff their hub's (the rest get 404)."""
    return hubs.is_central_team(user) or hubs.is_hub_staff(user)


def acts_for_reviewed_school(user, review: Review) -> bool:
    """One of the reviewed school's contacts."""
    return review.school_id in hubs.contact_school_ids(user)


def may_nominate_area(user, review: Review) -> bool:
    """The school nominates its area of excellence, or the central team does for it."""
    return may_manage_reviews(user) or acts_for_reviewed_school(user, review)


def may_give_feedback(user, review: Review) -> bool:
    """The headteacher rates the review, through the school contact's login."""
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
