"""The programme pages: what they show, their forms, CSV, and the same number of queries at a
few rows and at more than a page of them (everything each page shows is rendered inside the
count).

Cast: the shared one; a leadership programme with a national cohort and one of hub A's.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import Enrolment, Kind, Status
from tests.factories.hubs import SchoolFactory
from tests.factories.programmes import (
    CohortFactory,
    EnrolmentFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Leadership Residency", slug="leadership-residency")


def _fill(cohort, hub, count):
    for _ in range(count):
        enrolment = EnrolmentFactory(cohort=cohort, school=SchoolFactory(hub=hub))
        ParticipantFactory(enrolment=enrolment)
        ParticipantFactory(enrolment=enrolment)


@pytest.mark.parametrize("count", SIZES)
def test_the_programme_page_queries(
    client_for, hub_manager_a, hub_a, programme, count, django_assert_num_queries
):
    for _ in range(count):
        _fill(CohortFactory(programme=programme, hub=hub_a), hub_a, 1)
    client = client_for(hub_manager_a)

    with django_assert_num_queries(PINNED["programme"]):
        response = client.get(reverse("programmes:programme_detail", args=[programme.slug]))

    assert response.status_code == 200
    assert response.content.decode().count("1 of 10 schools") == min(count, 25)


@pytest.mark.parametrize("count", SIZES)
def test_the_cohort_page_queries(
    client_for, hub_manager_a, hub_a, programme, count, django_assert_num_queries
):
    cohort = CohortFactory(programme=programme, hub=hub_a, capacity=count)
    _fill(cohort, hub_a, count)
    SessionFactory(cohort=cohort)
    client = client_for(hub_manager_a)

    with django_assert_num_queries(PINNED["cohort"]):
        response = client.get(reverse("programmes:cohort_detail", args=[cohort.pk]))

    page = response.content.decode()
    assert f"{count} of {count} places taken" in page
    assert "full" in page


@pytest.mark.parametrize("count", SIZES)
def test_the_network_enrolments_queries(
    client_for, central_team, hub_a, programme, count, django_assert_num_queries
):
    _fill(CohortFactory(programme=programme), hub_a, count)
    client = client_for(central_team)

    with django_assert_num_queries(PINNED["network"]):
        response = client.get(reverse("programmes:network_enrolments"))

    assert response.content.decode().count("Leadership Residency") >= min(count, 25)


@pytest.mark.parametrize("count", SIZES)
def test_my_schools_programmes_queries(
    client_for, contact_a, school_a, programme, count, django_assert_num_queries
):
    for _ in range(count):
        enrolment = EnrolmentFactory(cohort=CohortFactory(programme=programme), school=school_a)
        ParticipantFactory(enrolment=enrolment)
    client = client_for(contact_a)

    with django_assert_num_queries(PINNED["my_school"]):
        response = client.get(reverse("programmes:my_school"))

    page = response.content.decode()
    assert page.count("Alder Primary") >= min(count, 25)


# The session, its user and the user's scope (three small queries; the central team's two-factor
# device instead), then: the programme page reads the programme, counts and reads a page of cohorts
# with their places taken, and the hub names the filter suggests (twice: the filter's and the
# navigation's); the cohort page reads the cohort with its places, counts and reads a page of
# enrolments, its sessions with attendance, whether the user may apply, and the hub names; the
# network's list reads a page (no count) plus its filter's programmes and hub names; a school's
# list reads the open cohorts, counts and reads its enrolments and the filter's programmes.
# Pages seen by a hub manager or a school contact run one more query than the central team's:
# whether the user is a reviewer (the navigation's "My reviews").
PINNED = {"programme": 11, "cohort": 13, "network": 5, "my_school": 10}


def test_a_school_applies_naming_participants_and_is_waitlisted_when_full(
    client_for, contact_a, school_a, hub_a, programme
):
    cohort = CohortFactory(programme=programme, hub=hub_a, capacity=1)
    EnrolmentFactory(cohort=cohort, school=SchoolFactory(hub=hub_a))
    client = client_for(contact_a)
    form = client.get(reverse("programmes:cohort_apply", args=[cohort.pk])).context["form"]

    response = client.post(
        reverse("programmes:cohort_apply", args=[cohort.pk]),
        {
            "school": school_a.pk,
            "submission_token": form["submission_token"].initial,
            "participants-TOTAL_FORMS": 4,
            "participants-INITIAL_FORMS": 0,
            "participants-0-full_name": "Ann Lee",
            "participants-0-role": "teacher",
            "participants-1-full_name": "Bo Kim",
            "participants-1-role": "senior_leader",
        },
        follow=True,
    )

    enrolment = Enrolment.objects.get(school=school_a)
    assert enrolment.status == Status.WAITLISTED
    assert sorted(enrolment.participants.values_list("full_name", flat=True)) == [
        "Ann Lee",
        "Bo Kim",
    ]
    assert "is on its waitlist" in response.content.decode()
    assert "number 1 on the waitlist" in response.content.decode()


def test_a_participant_without_a_role_keeps_what_was_typed(client_for, contact_a, hub_a, programme):
    cohort = CohortFactory(programme=programme, hub=hub_a)
    client = client_for(contact_a)

    response = client.post(
        reverse("programmes:cohort_apply", args=[cohort.pk]),
        {
            "school": contact_a.school_contacts.get().school_id,
            "submission_token": "6f1c1b36-5a55-4a69-9a43-0d1ff2f8f9c1",
            "participants-TOTAL_FORMS": 4,
            "participants-INITIAL_FORMS": 0,
            "participants-0-full_name": "Ann Lee",
        },
    )

    assert response.status_code == 200
    assert "Give this participant" in response.content.decode()
    assert 'value="Ann Lee"' in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_hub_manager_marks_attendance(client_for, hub_manager_a, hub_a, programme):
    cohort = CohortFactory(
        programme=programme, hub=hub_a, starts_on=timezone.localdate() - datetime.timedelta(days=7)
    )
    enrolment = EnrolmentFactory(cohort=cohort, school=SchoolFactory(hub=hub_a))
    came, missed = ParticipantFactory(enrolment=enrolment), ParticipantFactory(enrolment=enrolment)
    session = SessionFactory(cohort=cohort)
    client = client_for(hub_manager_a)

    client.post(
        reverse("programmes:session_attendance", args=[session.pk]), {"attended": [came.pk]}
    )

    assert {a.participant_id: a.attended for a in session.attendance.all()} == {
        came.pk: True,
        missed.pk: False,
    }
    page = client.get(reverse("programmes:enrolment_detail", args=[enrolment.pk])).content.decode()
    assert "attended 1 of 1 session" in page


def test_the_cohort_csv_lists_its_enrolments(client_for, central_team, hub_a):
    programme = ProgrammeFactory(name="Challenge the Gap", kind=Kind.WHOLE_SCHOOL)
    cohort = CohortFactory(programme=programme)
    school = SchoolFactory(hub=hub_a, name="=Formula School")
    EnrolmentFactory(cohort=cohort, school=school, pupils_reached=300)

    response = client_for(central_team).get(reverse("programmes:cohort_export", args=[cohort.pk]))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:2] == ["school", "urn"]
    assert rows[1][0] == "'=Formula School"
    assert rows[1][7] == "Applied" and rows[1][11] == "300"


def test_the_hub_enrolments_show_only_the_hubs(client_for, senior_partner_a, hub_a, hub_b):
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort, school=SchoolFactory(hub=hub_a, name="Ours"))
    EnrolmentFactory(cohort=cohort, school=SchoolFactory(hub=hub_b, name="Theirs"))

    page = (
        client_for(senior_partner_a)
        .get(reverse("programmes:hub_enrolments", args=[hub_a.slug]))
        .content.decode()
    )

    assert "Ours" in page and "Theirs" not in page
