"""Brokering's own cast on top of the shared one.

- request_b: a support request from school_b (contact_b's school, hub B).
- provider: a school in hub A with a verified area of excellence in maths, and its contact.
"""

import pytest

from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    SupportRequestFactory,
    default_area,
)
from tests.factories.hubs import SchoolContactFactory, SchoolFactory


@pytest.fixture
def maths(db):
    return default_area()


@pytest.fixture
def request_b(school_b, maths, contact_b):
    return SupportRequestFactory(school=school_b, practice_areas=[maths])


@pytest.fixture
def provider(hub_a, maths):
    school = SchoolFactory(name="Cedar Primary", hub=hub_a)
    AreaOfExcellenceFactory(school=school, practice_area=maths)
    return school


@pytest.fixture
def provider_contact(provider):
    return SchoolContactFactory(
        school=provider, user__email="head.cedar@example.org", user__full_name="Pat Provider"
    ).user
