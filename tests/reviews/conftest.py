"""Reviews for the shared cast: school A (hub A) and school B (hub B) each have a published one."""

import pytest

from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import published_review


@pytest.fixture
def review_a(school_a):
    return published_review(school=school_a)


@pytest.fixture
def review_b(school_b):
    return published_review(school=school_b)


@pytest.fixture
def outsider(db):
    """Signed in, but holds no role anywhere."""
    from tests.factories.people import UserFactory

    return UserFactory(email="nobody@example.org")


@pytest.fixture
def other_school(hub_b):
    return SchoolFactory(name="Cedar Primary", hub=hub_b)
