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
