import datetime

import pytest

from hubs.models import Membership
from hubs.services import school_sync_hub
from tests.factories.hubs import HubFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_takes_the_hub_of_the_open_membership():
    hub = HubFactory()
    school = SchoolFactory()
    Membership.objects.create(school=school, hub=hub, joined_on=datetime.date(2024, 9, 1))

    school_sync_hub(school=school)

    school.refresh_from_db()
    assert school.hub == hub


def test_clears_the_hub_when_no_membership_is_open():
    school = SchoolFactory(hub=HubFactory())
    Membership.objects.filter(school=school).update(left_on=datetime.date(2025, 8, 31))

    school_sync_hub(school=school)

    school.refresh_from_db()
    assert school.hub is None


def test_records_the_change_in_the_schools_history():
    school = SchoolFactory(hub=HubFactory())
    Membership.objects.filter(school=school).delete()

    school_sync_hub(school=school)

    assert school.history.first().hub_id is None
