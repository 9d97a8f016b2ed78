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


def public_data_for(school) -> list:
    """Something of every kind of public data for the school's profile: a predecessor URN, an
    inspection under each framework, KS2 results with England's and a suppressed year, and a
    designation."""
    from publicdata.models import Measure

    predecessor = f"9{school.urn[1:]}"
    year = 2022
    return [
        SchoolLinkFactory(predecessor_urn=predecessor, successor_urn=school.urn),
        InspectionFactory(urn=predecessor, start_date=datetime.date(2019, 3, 1)),
        InspectionFactory(
            urn=school.urn,
            start_date=datetime.date(2026, 1, 20),
            framework=OfstedFramework.REPORT_CARD_2025,
            overall="",
            quality_of_education="",
            report_card={"curriculum": "strong", "inclusion": "expected"},
            safeguarding_met=True,
        ),
        *[
            ExamResultFactory(
                urn=school.urn if y > year else predecessor,
                academic_year=y,
                measure=Measure.KS2_RWM_EXPECTED,
                **({"marker": "SUPP"} if y == year + 1 else {"value": 55 + y - year}),
            )
            for y in range(year, year + 3)
        ],
        *[
            NationalResultFactory(
                academic_year=y, measure=Measure.KS2_RWM_EXPECTED, value=59 + y - year
            )
            for y in range(year, year + 3)
            if not NationalResult.objects.filter(academic_year=y).exists()
        ],
        DesignationFactory(school=school, kind=Designation.Kind.NLE, holder="Pat Head"),
    ]
