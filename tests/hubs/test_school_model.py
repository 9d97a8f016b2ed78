from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from hubs.choices import OfstedFramework, OfstedGrade
from hubs.models import School
from tests.factories.hubs import SchoolFactory


def errors(school: School) -> dict:
    with pytest.raises(ValidationError) as raised:
        school.full_clean()
    return raised.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("urn", ["12345", "1234567", "12345a", "ABCDEF"])
def test_urn_is_exactly_six_digits(urn):
    school = SchoolFactory.build(urn=urn)

    assert "A URN is exactly 6 digits, e.g. 123456." in errors(school)["urn"]


@pytest.mark.django_db
def test_the_database_refuses_a_bad_urn_too():
    with pytest.raises(IntegrityError):
        SchoolFactory(urn="12345")


@pytest.mark.django_db
def test_urn_is_unique():
    SchoolFactory(urn="123456")

    assert "URN" in errors(SchoolFactory.build(urn="123456"))["urn"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["percent_fsm", "percent_sen"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("-0.01"), "A percentage cannot be below 0."),
        (Decimal("100.01"), "A percentage cannot be above 100."),
    ],
)
def test_percentages_run_from_0_to_100(field, value, message):
    school = SchoolFactory.build(**{field: value})

    assert errors(school)[field] == [message]


@pytest.mark.django_db
@pytest.mark.parametrize("value", [Decimal("0"), Decimal("100")])
def test_percentage_bounds_are_allowed(value):
    school = SchoolFactory.build(percent_fsm=value, percent_sen=value)
    school.full_clean()
    school.save()  # the database's own check allows them too

    school.refresh_from_db()
    assert (school.percent_fsm, school.percent_sen) == (value, value)


@pytest.mark.django_db
def test_the_database_refuses_a_percentage_above_100():
    with pytest.raises(IntegrityError):
        SchoolFactory(percent_fsm=Decimal("101"))


@pytest.mark.django_db
def test_pupils_cannot_be_negative():
    school = SchoolFactory.build(pupils_on_roll=-1)

    assert errors(school)["pupils_on_roll"]


@pytest.mark.django_db
def test_a_report_card_has_no_overall_grade():
    school = SchoolFactory.build(
        ofsted_framework=OfstedFramework.REPORT_CARD_2025, ofsted_grade=OfstedGrade.GOOD
    )

    assert errors(school)["ofsted_grade"] == [
        "Report cards have no overall grade; record grades by area."
    ]


@pytest.mark.django_db
def test_a_grade_needs_its_framework():
    school = SchoolFactory.build(ofsted_grade=OfstedGrade.GOOD)

    assert errors(school)["ofsted_framework"] == ["Say which framework the grade is from."]


@pytest.mark.django_db
def test_postcode_is_normalised_and_searchable_without_spaces():
    school = SchoolFactory.build(postcode=" ls1  4ap")
    school.full_clean()
    school.save()

    assert school.postcode == "LS1 4AP"
    assert list(School.objects.search("ls14a")) == [school]
