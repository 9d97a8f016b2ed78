"""What this app adds to pages: the dashboard, the navigation and the school profile."""

from partnership.lib.sections import Page, section
from reviews import dashboard
from reviews.models import AreaOfExcellence, Estimate, EstimateHeading, Framework, Review
from reviews.permissions import (
    may_manage_reviews,
    may_read_school_reviews,
    may_see_my_reviews,
    may_see_reviews,
)

# How many of a reviewer's open reviews their dashboard lists ("My reviews" has them all).
REVIEWER_PANEL_ROWS = 5


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    items = []
    if may_see_reviews(user):
        items.append(("Reviews", "reviews:list"))
    if may_see_my_reviews(user):
        items.append(("My reviews", "reviews:mine"))
    if may_manage_reviews(user):
        # The register is in the navigation of the central team, who keep it; hub staff may
        # open their hub's part of it too.
        items.append(("Reviewers", "reviews:reviewers"))
    return items


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user)


@section(Page.DASHBOARD)
def reviewer_panel(user, _) -> list[tuple[str, dict]]:
    """A reviewer's reviews still to come or being written, soonest first."""
    if not may_see_my_reviews(user):
        return []
    reviews = list(
        Review.objects.on_team_of(user)
        .exclude(status__in=[Review.Status.PUBLISHED, Review.Status.CANCELLED])
        .select_related("school")
        .order_by("starts_on", "pk")[:REVIEWER_PANEL_ROWS]
    )
    return [("reviews/panels/reviewer.html", {"reviews": reviews})]


@section(Page.SCHOOL_PROFILE)
def review_history(user, school) -> list[tuple[str, dict]]:
    """The school's reviews year by year, estimates per heading, and its areas of excellence.

    Each framework gets its own table, so an old review keeps the headings it was graded under
    and grades from different frameworks never share a column.
    """
    reads_all = may_read_school_reviews(user, school)
    reviews = (
        Review.objects.filter(school=school)
        if reads_all
        else (Review.objects.visible_to(user).filter(school=school))
    )
    # Only what the tables show, and the estimates and headings as plain values: model
    # instances and prefetches for a few dozen cells cost more CPU than the cells themselves.
    reviews = list(
        reviews.exclude(status=Review.Status.CANCELLED)
        .only("school_id", "framework_id", "academic_year", "kind", "status")
        .order_by("-academic_year", "-starts_on")
    )
    if not reads_all and not reviews:
        return []
    grades: dict[int, dict[int, str]] = {review.pk: {} for review in reviews}
    # Estimates are the report's: before publication only the central team reads them here.
    reported = reviews if may_manage_reviews(user) else [r for r in reviews if r.is_published]
    for review_id, heading_id, label in Estimate.objects.filter(review__in=reported).values_list(
        "review_id", "heading_id", "grade__label"
    ):
        grades[review_id][heading_id] = label
    frameworks = Framework.objects.filter(pk__in={review.framework_id for review in reviews})
    headings: dict[int, list[tuple[int, str]]] = {}
    for framework_id, heading_id, title in (
        EstimateHeading.objects.filter(framework__in=frameworks)
        .order_by("position")
        .values_list("framework_id", "pk", "title")
    ):
        headings.setdefault(framework_id, []).append((heading_id, title))
    tables = []
    for framework in frameworks:  # the latest framework first (its ordering)
        shown = headings.get(framework.pk, [])
        rows = [
            (review, [grades[review.pk].get(heading_id) for heading_id, _ in shown])
            for review in reviews
            if review.framework_id == framework.pk
        ]
        tables.append(
            {"framework": framework, "headings": [title for _, title in shown], "rows": rows}
        )
    areas = []
    if reads_all:
        areas = list(
            AreaOfExcellence.objects.filter(school=school)
            .select_related("practice_area", "review")
            .only(
                "status", "expires_on", "school_id", "practice_area__name", "review__academic_year"
            )
            .order_by("-verified_on", "-pk")
        )
    context = {
        "review_tables": tables,
        "areas": areas,
        "school": school,
        # The central team schedules reviews: the form opens with this school filled in.
        "may_schedule": may_manage_reviews(user),
    }
    return [("reviews/sections/school_history.html", context)]
