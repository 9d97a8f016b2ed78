import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from hubs.models import Membership
from tests.factories.hubs import HubFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def errors(membership: Membership) -> dict:
    """What full_clean() refuses, by field; empty for a valid membership."""
    try:
        membership.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_a_membership_cannot_end_before_it_starts():
    membership = Membership(
        school=SchoolFactory(),
        hub=HubFactory(),
        joined_on=datetime.date(2022, 9, 1),
        left_on=datetime.date(2022, 8, 31),
    )

    with pytest.raises(ValidationError) as raised:
        membership.full_clean()

    assert raised.value.message_dict["left_on"] == ["A membership cannot end before it starts."]


def test_a_membership_may_end_the_day_it_starts():
    day = datetime.date(2022, 9, 1)
    membership = Membership(school=SchoolFactory(), hub=HubFactory(), joined_on=day, left_on=day)

    assert errors(membership) == {}


def test_a_school_never_has_two_open_memberships():
    school = SchoolFactory(hub=HubFactory())
    second = Membership(school=school, hub=HubFactory(), joined_on=datetime.date(2024, 9, 1))

    with pytest.raises(ValidationError) as raised:
        second.full_clean()

    assert "already a member of a hub over these dates" in str(raised.value)


def test_the_database_refuses_a_second_open_membership():
    school = SchoolFactory(hub=HubFactory())

    with pytest.raises(IntegrityError):
        Membership.objects.create(
            school=school, hub=HubFactory(), joined_on=datetime.date(2024, 9, 1)
        )


def test_memberships_may_follow_each_other():
    school = SchoolFactory()
    Membership.objects.create(
        school=school,
        hub=HubFactory(),
        joined_on=datetime.date(2019, 9, 1),
        left_on=datetime.date(2022, 8, 31),
    )

    following = Membership(school=school, hub=HubFactory(), joined_on=datetime.date(2022, 8, 31))

    assert errors(following) == {}


def test_overlapping_closed_memberships_are_refused():
    school = SchoolFactory()
    Membership.objects.create(
        school=school,
        hub=HubFactory(),
        joined_on=datetime.date(2019, 9, 1),
        left_on=datetime.date(2022, 8, 31),
    )
    overlapping = Membership(
        school=school,
        hub=HubFactory(),
        joined_on=datetime.date(2021, 9, 1),
        left_on=datetime.date(2023, 8, 31),
    )

    with pytest.raises(ValidationError):
        overlapping.full_clean()
