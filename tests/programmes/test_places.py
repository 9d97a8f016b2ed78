"""Capacity, the waitlist and moving up, eligibility, and each status change's record.

Cast: hub A (manager, contact of school A) and hub B; a national cohort and one of hub A's.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from hubs.choices import Phase
from partnership.lib.jobs import run_queued_here
from programmes import services
from programmes.models import Cohort, Enrolment, Status
from programmes.services import NewParticipant
from tests.factories.hubs import SchoolContactFactory, SchoolFactory
from tests.factories.programmes import CohortFactory, ProgrammeFactory

TWO = [NewParticipant("Ann Lee", "teacher"), NewParticipant("Bo Kim", "middle_leader")]


def apply(cohort, school, by=None, people=TWO):
    return services.enrolment_apply(cohort=cohort, school=school, participants=people, by=by)


@pytest.fixture
def cohort(db):
    return CohortFactory(capacity=2)


def test_applicants_take_places_until_full_then_join_the_waitlist(cohort, hub_a):
    schools = [SchoolFactory(hub=hub_a) for _ in range(3)]

    made = [apply(cohort, s) for s in schools]

    assert [e.status for e in made] == [Status.APPLIED, Status.APPLIED, Status.WAITLISTED]
    assert cohort.count_places_taken() == 2
    assert made[0].participants.count() == 2


def test_places_counted_in_participants(hub_a):
    cohort = CohortFactory(capacity=3, capacity_unit=Cohort.CapacityUnit.PARTICIPANTS)

    first = apply(cohort, SchoolFactory(hub=hub_a))
    second = apply(cohort, SchoolFactory(hub=hub_a))

    assert first.status == Status.APPLIED
    assert second.status == Status.WAITLISTED  # two more would make four of three
    assert cohort.count_places_taken() == 2


def test_a_withdrawal_moves_the_first_waitlisted_school_up_and_emails_it(cohort, hub_a, settings):
    settings.SITE_URL = "https://partnership.example.org"
    a, b, c, d = (SchoolFactory(hub=hub_a, name=f"School {x}") for x in "ABCD")
    SchoolContactFactory(school=c, user__email="head.c@example.org")
    first = apply(cohort, a)
    apply(cohort, b)
    waiting_c = apply(cohort, c)
    waiting_d = apply(cohort, d)

    services.enrolment_transition(enrolment=first, to=Status.WITHDRAWN, by=None)
    assert mail.outbox == []  # queued with the change, sent by the worker
    run_queued_here()

    waiting_c.refresh_from_db()
    waiting_d.refresh_from_db()
    assert (waiting_c.status, waiting_d.status) == (Status.APPLIED, Status.WAITLISTED)
    assert list(waiting_c.changes.values_list("from_status", "to_status")) == [
        ("", Status.WAITLISTED),
        (Status.WAITLISTED, Status.APPLIED),
    ]
    [message] = mail.outbox
    assert message.to == ["head.c@example.org"]
    assert "School C" in message.subject
    url = f"https://partnership.example.org/programmes/enrolments/{waiting_c.pk}/"
    assert url in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and f'href="{url}"' in html


def test_a_withdrawal_from_the_waitlist_frees_no_place(cohort, hub_a):
    a, b, c = (SchoolFactory(hub=hub_a) for _ in range(3))
    apply(cohort, a)
    apply(cohort, b)
    waiting = apply(cohort, c)

    services.enrolment_transition(enrolment=waiting, to=Status.WITHDRAWN, by=None)

    assert cohort.count_places_taken() == 2
    assert not cohort.enrolments.filter(status=Status.WAITLISTED).exists()


def test_a_larger_capacity_moves_the_waitlist_up(cohort, hub_a, central_team):
    schools = [SchoolFactory(hub=hub_a) for _ in range(4)]
    made = [apply(cohort, s) for s in schools]

    services.cohort_update(cohort=cohort, version=cohort.version, by=central_team, capacity=3)

    statuses = list(
        Enrolment.objects.filter(pk__in=[e.pk for e in made])
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [Status.APPLIED] * 3 + [Status.WAITLISTED]


def test_capacity_cannot_drop_below_the_places_taken(cohort, hub_a, central_team):
    apply(cohort, SchoolFactory(hub=hub_a))
    apply(cohort, SchoolFactory(hub=hub_a))

    with pytest.raises(ValidationError, match="already taken"):
        services.cohort_update(cohort=cohort, version=cohort.version, by=central_team, capacity=1)


def test_a_school_applies_once_to_a_cohort(cohort, school_a):
    apply(cohort, school_a)

    with pytest.raises(ValidationError, match="already applied"):
        apply(cohort, school_a)


def test_eligibility_by_phase_and_role(hub_a):
    programme = ProgrammeFactory(phases=[Phase.SECONDARY], participant_roles=["headteacher"])
    cohort = CohortFactory(programme=programme)

    with pytest.raises(ValidationError, match="secondary schools only"):
        apply(cohort, SchoolFactory(hub=hub_a, phase=Phase.PRIMARY))
    with pytest.raises(ValidationError, match="headteacher participants"):
        apply(cohort, SchoolFactory(hub=hub_a, phase=Phase.SECONDARY))
    assert (
        apply(
            cohort,
            SchoolFactory(hub=hub_a, phase=Phase.SECONDARY),
            people=[NewParticipant("Head", "headteacher")],
        ).status
        == Status.APPLIED
    )


def test_a_hub_cohort_takes_only_its_hubs_schools(hub_a, school_b):
    cohort = CohortFactory(hub=hub_a)

    with pytest.raises(ValidationError, match="schools of Hub A"):
        apply(cohort, school_b)


def test_completion_needs_acceptance_first_and_keeps_reach(cohort, school_a, hub_manager_a):
    enrolment = apply(cohort, school_a)

    with pytest.raises(ValidationError, match="cannot be completed"):
        services.enrolment_transition(enrolment=enrolment, to=Status.COMPLETED, by=hub_manager_a)
    services.enrolment_transition(enrolment=enrolment, to=Status.ACCEPTED, by=hub_manager_a)
    done = services.enrolment_transition(
        enrolment=enrolment, to=Status.COMPLETED, by=hub_manager_a, pupils_reached=420
    )

    assert done.pupils_reached == 420 and done.completed_on is not None
    assert [c.by for c in done.changes.all()] == [None, hub_manager_a, hub_manager_a]


def test_a_stale_version_is_refused(cohort, school_a):
    enrolment = apply(cohort, school_a)

    with pytest.raises(ValidationError, match="Someone else changed"):
        services.enrolment_transition(
            enrolment=enrolment, to=Status.ACCEPTED, by=None, version=enrolment.version + 1
        )


def test_a_participant_named_later_must_fit(hub_a):
    cohort = CohortFactory(capacity=2, capacity_unit=Cohort.CapacityUnit.PARTICIPANTS)
    enrolment = apply(cohort, SchoolFactory(hub=hub_a))

    with pytest.raises(ValidationError, match="full"):
        services.participant_add(
            enrolment=enrolment, full_name="Cy", role="teacher", email="", by=None
        )


def test_deadlines_between_for_the_weekly_email(hub_a, hub_b, contact_a):
    cohort = CohortFactory(hub=hub_a)
    close = cohort.starts_on
    cohort.applications_close_on = close
    cohort.save()
    other = CohortFactory(hub=hub_b, applications_close_on=close)
    national = CohortFactory(applications_close_on=close)

    found = list(
        Cohort.objects.deadlines_between(close, close)
        .visible_to(contact_a)
        .values_list("pk", flat=True)
    )

    assert sorted(found) == sorted([cohort.pk, national.pk])
    assert other.pk not in found
