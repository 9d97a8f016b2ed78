"""Programme deadlines in the weekly digest: hub staff see their hubs' and the national cohorts
closing in the next fortnight; a school's contacts those open to their school and those their
school has applied to, with how its application stands."""

import datetime

import pytest

from hubs.choices import Phase
from partnership.digest.build import digest_for
from partnership.lib.digest import DigestWeek
from programmes.models import Enrolment
from tests.factories.programmes import CohortFactory, EnrolmentFactory, ProgrammeFactory

# A Monday: its fortnight runs to Sunday 16 November 2025.
WEEK = DigestWeek(datetime.date(2025, 11, 3))


def _cohort(programme_name: str, closes_on: datetime.date, hub=None, phases=()):
    programme = ProgrammeFactory(name=programme_name, phases=list(phases))
    return CohortFactory(
        programme=programme,
        name="Cohort 1",
        hub=hub,
        starts_on=datetime.date(2025, 12, 1),
        applications_close_on=closes_on,
    )


@pytest.fixture
def deadlines(hub_a, hub_b):
    """Closing in the fortnight: a national cohort for primaries, one for secondaries, one of
    each hub; and a national one closing the day after the fortnight."""
    return {
        "national": _cohort("Leadership Residency", datetime.date(2025, 11, 14)),
        "secondary": _cohort(
            "Maths for Secondaries", datetime.date(2025, 11, 3), phases=[Phase.SECONDARY]
        ),
        "hub a": _cohort("Challenge the Gap", datetime.date(2025, 11, 7), hub=hub_a),
        "hub b": _cohort("Not Ours", datetime.date(2025, 11, 5), hub=hub_b),
        "later": _cohort("Too Late", datetime.date(2025, 11, 17)),
    }


def deadline_lines(user) -> list[str]:
    digest = digest_for(user, WEEK)
    parts = dict(digest.parts) if digest else {}
    return [text for text, _ in parts.get("Programme deadlines", [])]


def test_a_hub_manager_sees_their_hubs_and_the_national_deadlines(hub_manager_a, deadlines):
    assert deadline_lines(hub_manager_a) == [
        "Mon 3 Nov: applications close for Maths for Secondaries, Cohort 1 (National)",
        "Fri 7 Nov: applications close for Challenge the Gap, Cohort 1 (Hub A)",
        "Fri 14 Nov: applications close for Leadership Residency, Cohort 1 (National)",
    ]


def test_a_school_contact_sees_the_cohorts_open_to_their_school_and_their_application(
    contact_a, school_a, deadlines
):
    EnrolmentFactory(
        cohort=deadlines["national"], school=school_a, status=Enrolment.Status.WAITLISTED
    )

    # Alder Primary is a primary: the secondaries' programme is not open to it.
    assert deadline_lines(contact_a) == [
        "Fri 7 Nov: applications close for Challenge the Gap, Cohort 1 (Hub A)",
        "Fri 14 Nov: applications close for Leadership Residency, Cohort 1 (National) "
        "(Alder Primary: waitlisted)",
    ]


def test_a_withdrawn_application_is_not_named(contact_a, school_a, deadlines):
    EnrolmentFactory(
        cohort=deadlines["national"], school=school_a, status=Enrolment.Status.WITHDRAWN
    )

    assert deadline_lines(contact_a)[-1] == (
        "Fri 14 Nov: applications close for Leadership Residency, Cohort 1 (National)"
    )


def test_the_lines_link_to_the_cohort(hub_manager_a, deadlines, settings):
    settings.SITE_URL = "https://partnership.example.org"

    (part,) = [
        lines
        for heading, lines in digest_for(hub_manager_a, WEEK).parts
        if heading == "Programme deadlines"
    ]

    cohort = deadlines["hub a"]
    assert part[1][1] == f"https://partnership.example.org{cohort.get_absolute_url()}"


def test_people_outside_the_network_and_quiet_fortnights_get_no_deadlines(
    contact_b, hub_manager_a, django_user_model, db
):
    _cohort("Too Late", datetime.date(2025, 11, 17))

    assert deadline_lines(hub_manager_a) == []
    assert deadline_lines(contact_b) == []
    assert deadline_lines(django_user_model.objects.create_user(email="x@example.org")) == []
