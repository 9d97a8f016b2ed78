"""Factories for reviews. Fixed dates: the default review runs 4–6 November 2024 (2024/25)."""

import datetime
from importlib import import_module

import factory
from django.apps import apps
from django.utils.text import slugify

from reviews.models import (
    AreaOfExcellence,
    Estimate,
    EvenBetterIf,
    Framework,
    HeadteacherFeedback,
    PracticeArea,
    Review,
    Reviewer,
    ReviewKind,
    Strength,
    TeamMember,
)
from tests.factories.hubs import SchoolFactory
from tests.factories.people import UserFactory

HEADINGS_2019 = [
    "Leadership at all levels",
    "Quality of provision and outcomes",
    "Quality of provision and outcomes for disadvantaged pupils and pupils with additional needs",
]
GRADES_2019 = ["Leading", "Effective", "Working towards effective", "Ineffective"]


def current_framework() -> Framework:
    """The 2019 framework the data migration adds (made again after a transactional flush)."""
    framework, created = Framework.objects.get_or_create(
        effective_from_year=2019, defaults={"name": "QA review framework"}
    )
    if created:
        for position, title in enumerate(HEADINGS_2019, start=1):
            framework.headings.create(position=position, title=title)
        for position, label in enumerate(GRADES_2019, start=1):
            framework.grades.create(position=position, label=label)
    return framework


def review_kind(slug: str = "annual") -> ReviewKind:
    """One of the kinds the data migration adds (added again after a transactional flush)."""
    kind = ReviewKind.objects.filter(slug=slug).first()
    if kind is None:
        import_module("reviews.migrations.0022_reviews_onto_their_kinds").add_review_kinds(
            apps, None
        )
        kind = ReviewKind.objects.get(slug=slug)
    return kind


def practice_area(name: str = "Maths") -> PracticeArea:
    area, _ = PracticeArea.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return area


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    school = factory.SubFactory(SchoolFactory)
    kind = factory.LazyFunction(review_kind)
    academic_year = 2024
    framework = factory.LazyFunction(current_framework)
    starts_on = datetime.date(2024, 11, 4)
    ends_on = factory.LazyAttribute(lambda review: review.starts_on + datetime.timedelta(days=2))


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Reviewer.Role.PEER
    trained_on = datetime.date(2022, 6, 1)
    phases = factory.LazyFunction(lambda: ["primary"])


class LeadReviewerFactory(ReviewerFactory):
    role = Reviewer.Role.LEAD


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    review = factory.SubFactory(ReviewFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    role = factory.LazyAttribute(lambda member: member.reviewer.role)


class StrengthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strength

    review = factory.SubFactory(ReviewFactory)
    text = "Pupils talk confidently about their learning."


class EvenBetterIfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenBetterIf

    review = factory.SubFactory(ReviewFactory)
    text = "Middle leaders check the impact of the new maths scheme."
    practice_area = factory.LazyFunction(practice_area)


class AreaOfExcellenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaOfExcellence

    school = factory.SubFactory(SchoolFactory)
    practice_area = factory.LazyFunction(practice_area)
    description = "Early reading: every child reads daily to an adult."


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeadteacherFeedback

    review = factory.SubFactory(ReviewFactory)
    impact_rating = 8
    development_rating = 9
    comment = "Sharp and kind."


def record_report(review: Review, grade_position: int = 2) -> Review:
    """Give a review every estimate, a strength and an EBI (what publishing needs)."""
    grade = review.framework.grades.get(position=grade_position)
    for heading in review.framework.headings.all():
        Estimate.objects.create(review=review, heading=heading, grade=grade)
    StrengthFactory(review=review)
    EvenBetterIfFactory(review=review)
    return review


def published_review(**kwargs) -> Review:
    review = record_report(ReviewFactory(**kwargs))
    review.status = Review.Status.PUBLISHED
    review.published_on = review.ends_on + datetime.timedelta(days=14)
    review.save()
    return review
