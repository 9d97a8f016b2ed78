"""The demo's programmes: three years of cohorts whose places hold, valid by every model rule,
with something for the demo logins to open."""

import pytest

from hubs.models import SchoolContact
from programmes.models import (
    PLACE_HOLDING,
    Attendance,
    Cohort,
    Enrolment,
    Participant,
    Programme,
    Session,
    Status,
    StatusChange,
)
from tests.test_seed_demo import SAMPLE, TODAY, seed

pytestmark = pytest.mark.django_db


def test_the_demo_programmes_are_valid_and_their_places_hold():
    seed()

    assert "Challenge the Gap" in set(Programme.objects.values_list("name", flat=True))
    years = set(Cohort.objects.values_list("academic_year", flat=True))
    assert len(years) == 3
    for model in (Programme, Cohort, Enrolment, Participant, Session, Attendance, StatusChange):
        rows = list(model.objects.order_by("?")[:SAMPLE])
        assert rows, model
        for row in rows:
            row.full_clean()
    for cohort in Cohort.objects.all():
        assert cohort.count_places_taken() <= cohort.capacity, cohort
    for enrolment in Enrolment.objects.order_by("?")[:SAMPLE]:
        assert enrolment.changes.last().to_status == enrolment.status, enrolment
    assert set(Enrolment.objects.values_list("status", flat=True)) == set(Status.values)


def test_the_demo_contact_and_manager_have_a_cohort_taking_applications():
    seed()
    school = SchoolContact.objects.get(user__email="head.100004@demo.partnership.test").school
    manager_hub = Cohort.objects.filter(
        hub__managers__email="manager.ashford-hub@demo.partnership.test"
    )

    assert Enrolment.objects.filter(school=school, status__in=PLACE_HOLDING).exists()
    assert manager_hub.filter(applications_close_on__gte=TODAY).exists()
