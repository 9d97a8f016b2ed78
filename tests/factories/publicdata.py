import datetime

import factory

from hubs.choices import OfstedFramework, OfstedGrade
from publicdata.models import Designation, ExamResult, Inspection, NationalResult, SchoolLink
from tests.factories.hubs import SchoolFactory


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    urn = factory.Sequence(lambda n: f"{100000 + n:06d}")
    inspection_number = factory.Sequence(lambda n: f"{10200000 + n}")
    inspection_type = "S5 Inspection"
    start_date = datetime.date(2022, 3, 1)
    framework = OfstedFramework.GRADED_2019
    overall = OfstedGrade.GOOD
    quality_of_education = OfstedGrade.GOOD


class SchoolLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolLink

    kind = SchoolLink.Kind.SUCCESSOR
    link_type = "Successor"
    established_on = datetime.date(2023, 1, 1)


class ExamResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExamResult


class NationalResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalResult


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Designation

    school = factory.SubFactory(SchoolFactory)
    kind = Designation.Kind.TEACHING_SCHOOL
    starts_on = datetime.date(2020, 9, 1)
