"""Two schools taking the last place of a cohort at the same moment: only one gets it.

Each thread has its own database connection and a barrier starts them together. The cohort's
row lock (select_for_update) makes the second wait until the first commits; it then counts the
place as taken and joins the waitlist.
"""

import threading

import pytest
from django.db import connection

from programmes import services
from programmes.models import Cohort, Enrolment, Status
from programmes.services import NewParticipant
from tests.factories.hubs import HubFactory, SchoolFactory
from tests.factories.programmes import CohortFactory


def _race(actions) -> list:
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # noqa: BLE001 - a failure in a thread must reach the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("unit", [Cohort.CapacityUnit.SCHOOLS, Cohort.CapacityUnit.PARTICIPANTS])
def test_two_applicants_for_the_last_place(unit):
    hub = HubFactory()
    cohort = CohortFactory(capacity=2, capacity_unit=unit)
    services.enrolment_apply(
        cohort=cohort,
        school=SchoolFactory(hub=hub),
        participants=[NewParticipant("First", "teacher")],
        by=None,
    )
    rivals = [SchoolFactory(hub=hub), SchoolFactory(hub=hub)]

    results = _race(
        [
            lambda s=school: services.enrolment_apply(
                cohort=Cohort.objects.get(pk=cohort.pk),
                school=s,
                participants=[NewParticipant("Rival", "teacher")],
                by=None,
            )
            for school in rivals
        ]
    )

    assert sorted(e.status for e in results) == [Status.APPLIED, Status.WAITLISTED]
    assert cohort.count_places_taken() == 2
    assert Enrolment.objects.filter(cohort=cohort, status=Status.WAITLISTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_at_once_move_two_waitlisted_schools_up_in_order():
    hub = HubFactory()
    cohort = CohortFactory(capacity=2)
    made = [
        services.enrolment_apply(
            cohort=cohort, school=SchoolFactory(hub=hub), participants=[], by=None
        )
        for _ in range(5)
    ]
    holders, waiting = made[:2], made[2:]

    _race(
        [
            lambda e=e: services.enrolment_transition(
                enrolment=Enrolment.objects.get(pk=e.pk), to=Status.WITHDRAWN, by=None
            )
            for e in holders
        ]
    )

    statuses = [Enrolment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [Status.APPLIED, Status.APPLIED, Status.WAITLISTED]
    assert cohort.count_places_taken() == 2
