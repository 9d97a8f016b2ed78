"""The fixed cast every access test uses, and helpers to sign them in.

Hub A and hub B each have schools. The cast:
- central_team: sees the whole network.
- hub_manager_a: manages hub A.
- senior_partner_a: reads hub A, changes nothing.
- contact_a: contact of a school in hub A (school_a).
- contact_b: contact of a school in hub B (school_b).
- anonymous: nobody signed in (use the plain `client`).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.factories.hubs import HubFactory, SchoolContactFactory, SchoolFactory
from tests.factories.people import CentralTeamFactory, UserFactory
from tests.security.totp import verify_client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached network figures must not carry one test's data into the next."""
    cache.clear()


@pytest.fixture(autouse=True)
def empty_job_queue_after_committing_tests(request, django_db_blocker):
    """Tests that commit (a real worker, two servers, the browser) leave no jobs behind.

    Django's flush after such a test empties only the tables it manages; procrastinate's are
    its own.
    """
    yield
    marker = request.node.get_closest_marker("django_db")
    committing = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if committing:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE procrastinate_periodic_defers, procrastinate_events, "
                "procrastinate_jobs, procrastinate_workers"
            )


@pytest.fixture(autouse=True)
def review_kinds_present(request):
    """The review kinds a data migration adds, there for every test that uses the database.

    A test that commits ends with a flush that empties every table, data migrations' rows too;
    a later test in the same process would otherwise find no kinds to schedule a review of.
    """
    uses_database = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if uses_database:
        request.getfixturevalue("db")
        from tests.factories.reviews import review_kind

        review_kind()


@pytest.fixture
def hub_a(db):
    return HubFactory(name="Hub A", slug="hub-a")


@pytest.fixture
def hub_b(db):
    return HubFactory(name="Hub B", slug="hub-b")


@pytest.fixture
def school_a(hub_a):
    return SchoolFactory(name="Alder Primary", hub=hub_a)


@pytest.fixture
def school_b(hub_b):
    return SchoolFactory(name="Birch Academy", hub=hub_b)


@pytest.fixture
def central_team(db):
    return CentralTeamFactory(email="central@example.org", full_name="Cass Central")


@pytest.fixture
def hub_manager_a(hub_a):
    user = UserFactory(email="manager.a@example.org", full_name="Mina Manager")
    hub_a.managers.add(user)
    return user


@pytest.fixture
def senior_partner_a(hub_a):
    user = UserFactory(email="partner.a@example.org", full_name="Sam Partner")
    hub_a.senior_partner = user
    hub_a.save()
    return user


@pytest.fixture
def contact_a(school_a):
    return SchoolContactFactory(
        school=school_a, user__email="contact.a@example.org", user__full_name="Ada Contact"
    ).user


@pytest.fixture
def contact_b(school_b):
    return SchoolContactFactory(
        school=school_b, user__email="contact.b@example.org", user__full_name="Cory Contact"
    ).user


@pytest.fixture
def client_for(db):
    """Return a function that gives a Client signed in as the user (two-factor satisfied)."""

    def sign_in(user) -> Client:
        client = Client()
        client.force_login(user)
        if user.needs_two_factor:
            verify_client(client, user)
        return client

    return sign_in
