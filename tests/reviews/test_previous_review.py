"""The review before: one lookup (ReviewQuerySet.published_before) answers for the review page,
the pre-review pack, the EBI outcomes and the impact figures, so they cannot disagree."""

import datetime

from reviews import services
from reviews.impact import previous_review_id
from reviews.models import Review
from tests.factories.reviews import ReviewFactory, published_review, review_kind


def test_the_review_before_is_the_schools_latest_published_one_before_it(school_a, school_b):
    def on(year, month, day):
        return datetime.date(year, month, day)

    published_review(school=school_b, academic_year=2022, starts_on=on(2022, 11, 7))
    tied_first = published_review(school=school_b, academic_year=2023, starts_on=on(2023, 11, 6))
    tied_second = published_review(
        school=school_b,
        kind=review_kind("spotlight"),
        spotlight_scope="Maths",
        academic_year=2023,
        starts_on=on(2023, 11, 6),
    )
    # Not the review before: unpublished, another school's, or not earlier.
    ReviewFactory(
        school=school_b,
        kind=review_kind("immersion"),
        academic_year=2024,
        starts_on=on(2024, 9, 9),
        ends_on=on(2024, 9, 9),
        status="approved",
    )
    published_review(school=school_a, academic_year=2024, starts_on=on(2024, 10, 7))
    review = ReviewFactory(school=school_b, academic_year=2024, starts_on=on(2024, 11, 4))
    published_review(school=school_b, academic_year=2025, starts_on=on(2025, 11, 3))

    found = Review.objects.published_before(school_b.pk, review.starts_on).first()
    as_subquery = (
        Review.objects.filter(pk=review.pk)
        .annotate(previous_id=previous_review_id())
        .values_list("previous_id", flat=True)
        .get()
    )

    # Two on the same day: the later-made one, the same way in all three.
    assert found == tied_second != tied_first
    assert services.previous_review(review) == found
    assert as_subquery == found.pk
    assert Review.objects.published_before(school_b.pk, on(2022, 11, 7)).first() is None
