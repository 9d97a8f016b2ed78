import datetime

import factory
from django.utils import timezone

from hubs.models import SpendCategory
from hubs.years import academic_year_of
from programmes.models import (
    Cohort,
    Enrolment,
    Kind,
    Participant,
    ParticipantRole,
    Programme,
    Session,
)


def _starts_on(_) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    kind = Kind.LEADERSHIP
    description = "A programme."


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort starting in 30 days, open for applications until it starts."""

    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyAttribute(_starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=60))
    academic_year = factory.LazyAttribute(lambda o: academic_year_of(o.starts_on))
    capacity = 10
    funding = Cohort.Funding.FUNDED
    budget_line = SpendCategory.STAFF_TRAINING
    hub = None


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    school = factory.SubFactory("tests.factories.hubs.SchoolFactory")
    status = Enrolment.Status.APPLIED


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    enrolment = factory.SubFactory(EnrolmentFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")
    role = ParticipantRole.TEACHER


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Day {n}")
    held_on = factory.LazyAttribute(lambda o: o.cohort.starts_on)
