"""Team suggestions: reviewers ranked for a review, worked out in the database.

Left out: anyone with a blocking conflict, anyone marked unavailable on a day of the review,
anyone whose refresher training falls due before the review starts, and, for the lead, anyone
not accredited to lead. The ranking: no conflict first, then experience in the school's phase,
then fewest reviews this year, then other regions before the school's own (an independent
reviewer has no region, so counts as another's). Each "who is busy / who reviewed here" set is
an uncorrelated subquery, and "reviews this year" reads one index, so at ~10,000 reviewers the
query stays a single sort over one pass of the reviewer table.
"""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from reviews.models import Review, Reviewer, TeamMember


def suggested_reviewers(review: Review, *, role: str, limit: int = 5) -> list[Reviewer]:
    """The best `limit` reviewers for a role on this review, with no blocking conflict."""
    school = review.school
    year = review.academic_year
    active_placements = TeamMember.objects.exclude(review__status=Review.Status.CANCELLED)
    busy = active_placements.filter(
        review__starts_on__lte=review.ends_on, review__ends_on__gte=review.starts_on
    ).values("reviewer_id")
    reviewed_last_year = active_placements.filter(
        review__school_id=school.pk, review__academic_year=year - 1
    ).values("reviewer_id")
    this_year = (
        active_placements.filter(reviewer=OuterRef("pk"), academic_year=year)
        .order_by()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    candidates = (
        Reviewer.objects.filter(is_active=True)
        .training_current(review.starts_on)
        .available(review.starts_on, review.ends_on)
        .exclude(school_id=school.pk)
        .exclude(pk__in=busy)
        .exclude(pk__in=review.team.values("reviewer_id"))
    )
    if school.trust_id:
        candidates = candidates.exclude(school__trust_id=school.trust_id)
    if role == Reviewer.Role.LEAD:
        candidates = candidates.filter(role=Reviewer.Role.LEAD)
    soft_conflict = Q(pk__in=reviewed_last_year)
    if school.hub_id:
        soft_conflict |= Q(school__hub_id=school.hub_id)
    ranked = candidates.annotate(
        has_conflict=Case(When(soft_conflict, then=Value(1)), default=Value(0)),
        phase_rank=Case(
            When(phases__contains=[school.phase], then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        reviews_this_year=Coalesce(Subquery(this_year), 0),
        region_rank=Case(When(school__region=school.region, then=Value(1)), default=Value(0)),
    ).order_by("has_conflict", "phase_rank", "reviews_this_year", "region_rank", "pk")
    return list(ranked.select_related("user", "school__hub")[:limit])
