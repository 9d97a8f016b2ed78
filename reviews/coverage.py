"""Review coverage: member schools with no review this academic year, or whose last published
review is over a year old. One query for a page of them (and one COUNT)."""

import datetime

from django.db.models import Exists, Max, OuterRef, Q, Subquery

from hubs.access import scope_for
from hubs.models import School
from reviews.models import Review


def schools_due_a_review(user, *, academic_year: int, today: datetime.date):
    """The member schools in the user's hubs (every hub for the central team) due a review."""
    scope = scope_for(user)
    schools = School.objects.members().select_related("hub")
    if not scope.whole_network:
        schools = schools.filter(hub_id__in=scope.managed_hub_ids)
    this_year = Review.objects.filter(school=OuterRef("pk"), academic_year=academic_year).exclude(
        status=Review.Status.CANCELLED
    )
    last_published = (
        Review.objects.filter(school=OuterRef("pk"), status=Review.Status.PUBLISHED)
        .order_by()
        .values("school")
        .annotate(last=Max("published_on"))
        .values("last")
    )
    year_ago = today - datetime.timedelta(days=365)
    return (
        schools.annotate(
            reviewed_this_year=Exists(this_year), last_published_on=Subquery(last_published)
        )
        .filter(Q(reviewed_this_year=False) | Q(last_published_on__lt=year_ago))
        .only("urn", "name", "hub__name", "hub__slug")
        .order_by("hub__name", "name")
    )
