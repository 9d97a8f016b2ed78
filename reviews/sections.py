"""What this app adds to pages: the dashboard, the navigation and the school profile."""

from hubs.years import academic_year_label
from partnership.lib.sections import Page, section
from reviews import dashboard
from reviews.impact import consecutive_impact, share
from reviews.models import AreaOfExcellence, Estimate, EstimateHeading, Framework, Review
from reviews.permissions import may_manage_reviews, may_read_school_reviews, may_see_reviews


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    items = []
    if may_see_reviews(user):
        items.append(("Reviews", "reviews:list"))
    if may_manage_reviews(user):
        # The register is in the navigation of the central team, who keep it; hub staff may
        # open their hub's part of it too.
        items.append(("Reviewers", "reviews:reviewers"))
    return items


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user)


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
    for review_id, heading_id, label in Estimate.objects.filter(review__in=reviews).values_list(
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


# What became of the school's EBIs at each next review, and how its estimates moved.
OUTCOME_COLOURS = {
    "addressed": "#313695",
    "partly": "#74add1",
    "not_yet": "#f46d43",
    "not_recorded": "#999999",
}
OUTCOME_LABELS = {
    "addressed": "Addressed",
    "partly": "Partly addressed",
    "not_yet": "Not yet addressed",
    "not_recorded": "Not recorded",
}


@section(Page.SCHOOL_PROFILE)
def review_impact(user, school) -> list[tuple[str, dict]]:
    """The impact of the school's published reviews, each set against the one before it (for
    those who read all of its reviews)."""
    if not may_read_school_reviews(user, school):
        return []
    figures = consecutive_impact(Review.objects.filter(school=school), by_review=True)
    if not figures["pairs"]:
        return []
    pairs = figures["reviews"]
    labels = [academic_year_label(pair["academic_year"]) for pair in pairs]
    chart = {
        "id": f"chart-impact-{school.pk}",
        "type": "bar",
        "title": "What became of the previous review's EBIs (% of them)",
        "labels": labels,
        "datasets": [
            {
                "label": OUTCOME_LABELS[name],
                "colour": colour,
                "data": [
                    float(share(pair["ebis"][name], pair["ebis"]["total"]) or 0) for pair in pairs
                ],
            }
            for name, colour in OUTCOME_COLOURS.items()
        ],
        "stacked": True,
    }
    for pair, label in zip(pairs, labels, strict=True):
        pair["label"] = label
    return [("reviews/sections/school_impact.html", {"figures": figures, "chart": chart})]
