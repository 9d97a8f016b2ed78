"""Sections this app adds to the school profile and hub page (see hubs/panels.py)."""

from django.db.models import Prefetch

from hubs.access import scope_for
from hubs.panels import school_profile_section


@school_profile_section
def review_history(user, school) -> tuple[str, dict] | None:
    """The school's reviews year by year, estimates per heading, and its areas of excellence.

    Each framework gets its own table, so an old review keeps the headings it was graded under
    and grades from different frameworks never share a column.
    """
    from reviews.models import AreaOfExcellence, Estimate, EstimateHeading, Framework, Review

    scope = scope_for(user)
    reads_all = (
        scope.whole_network
        or school.pk in scope.contact_school_ids
        or (school.hub_id is not None and school.hub_id in scope.hub_ids)
    )
    reviews = (
        Review.objects.filter(school=school)
        if reads_all
        else (Review.objects.visible_to(user).filter(school=school))
    )
    reviews = list(
        reviews.exclude(status=Review.Status.CANCELLED)
        .prefetch_related(Prefetch("estimates", queryset=Estimate.objects.select_related("grade")))
        .order_by("-academic_year", "-starts_on")
    )
    if not reads_all and not reviews:
        return None
    frameworks = {
        framework.pk: framework
        for framework in Framework.objects.filter(
            pk__in={review.framework_id for review in reviews}
        ).prefetch_related(Prefetch("headings", queryset=EstimateHeading.objects.all()))
    }
    tables = []
    for framework in sorted(frameworks.values(), key=lambda f: -f.effective_from_year):
        headings = list(framework.headings.all())
        rows = []
        for review in reviews:
            if review.framework_id != framework.pk:
                continue
            grades = {estimate.heading_id: estimate.grade for estimate in review.estimates.all()}
            rows.append((review, [grades.get(heading.pk) for heading in headings]))
        tables.append({"framework": framework, "headings": headings, "rows": rows})
    areas = []
    if reads_all:
        areas = list(
            AreaOfExcellence.objects.filter(school=school)
            .select_related("practice_area", "review")
            .order_by("-verified_on", "-pk")
        )
    return ("reviews/sections/school_history.html", {"review_tables": tables, "areas": areas})
