"""Factories for support requests, and minimal ones for the reviews rows brokering reads."""

import datetime

import factory
from django.utils.text import slugify

from brokering.models import Engagement, Feedback, RequestEvent, Status, SupportRequest
from reviews.models import AreaOfExcellence, EvenBetterIf, Framework, PracticeArea, Review
from tests.factories.hubs import SchoolFactory
from tests.factories.people import UserFactory
from tests.factories.reviews import review_kind

SUBMITTED_AT = datetime.datetime(2026, 1, 12, 9, 0, tzinfo=datetime.UTC)  # a Monday
VERIFIED_ON = datetime.date(2025, 6, 1)
EXPIRES_ON = datetime.date(2030, 8, 31)


class PracticeAreaFactory(factory.django.DjangoModelFactory):
    """get_or_create on slug, so it sits beside the rows the reviews data migration adds."""

    class Meta:
        model = PracticeArea
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def default_area() -> PracticeArea:
    # A name of its own, so it cannot collide with the areas the reviews data migration adds.
    return PracticeAreaFactory(slug="test-maths", name="Maths (test)")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ["effective_from_year"]

    name = "QA framework"
    effective_from_year = 2015


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    school = factory.SubFactory(SchoolFactory)
    kind = factory.LazyFunction(review_kind)
    academic_year = 2025
    framework = factory.SubFactory(FrameworkFactory)
    starts_on = datetime.date(2025, 11, 4)
    ends_on = datetime.date(2025, 11, 6)
    status = Review.Status.PUBLISHED
    published_on = datetime.date(2025, 12, 1)


class EvenBetterIfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenBetterIf

    review = factory.SubFactory(ReviewFactory)
    text = "Sharpen the use of assessment in maths lessons."
    practice_area = factory.SubFactory(PracticeAreaFactory)


class AreaOfExcellenceFactory(factory.django.DjangoModelFactory):
    """Verified and unexpired unless told otherwise: the kind brokering offers."""

    class Meta:
        model = AreaOfExcellence

    school = factory.SubFactory(SchoolFactory)
    practice_area = factory.SubFactory(PracticeAreaFactory)
    description = "Mastery approach to maths with consistent use of concrete resources."
    status = AreaOfExcellence.Status.VERIFIED
    verified_on = VERIFIED_ON
    expires_on = EXPIRES_ON


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    hub = factory.LazyAttribute(lambda o: o.school.hub)
    needed = "Help with planning maths for mixed-age classes."
    preferred_format = SupportRequest.Format.VISIT
    target_date = datetime.date(2026, 3, 31)
    source = SupportRequest.Source.SCHOOL
    status = Status.SUBMITTED
    submitted_at = SUBMITTED_AT

    @factory.post_generation
    def practice_areas(request, create, extracted, **kwargs):
        if create:
            request.practice_areas.set(
                extracted or [PracticeAreaFactory(slug="maths", name="Maths")]
            )


class RequestEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestEvent

    request = factory.SubFactory(SupportRequestFactory)
    kind = RequestEvent.Kind.RAISED
    to_status = Status.SUBMITTED
    by = factory.SubFactory(UserFactory)
    at = SUBMITTED_AT


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    request = factory.SubFactory(SupportRequestFactory, status=Status.MATCHING)
    provider = factory.SubFactory(SchoolFactory)
    format = SupportRequest.Format.VISIT
    proposed_at = SUBMITTED_AT


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    request = factory.SubFactory(SupportRequestFactory, status=Status.COMPLETED)
    quality_rating = 8
    service_rating = 9
    given_at = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
