"""Two brokers acting on one request at the same moment: exactly one succeeds.

Each thread has its own database connection; a barrier starts them together. The row lock
(select_for_update) makes the second wait for the first to commit, then its version check
fails and it is told so.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from brokering import services
from brokering.models import Engagement, Status, SupportRequest
from tests.factories.brokering import AreaOfExcellenceFactory, SupportRequestFactory, default_area
from tests.factories.hubs import SchoolFactory
from tests.factories.people import CentralTeamFactory


def _race(actions) -> tuple[list, list[str]]:
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def run(action):
        try:
            barrier.wait()
            results.append(action())
        except ValidationError as error:
            errors.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.fixture
def setting(transactional_db):
    area = default_area()
    request = SupportRequestFactory(school=SchoolFactory(), practice_areas=[area])
    brokers = [CentralTeamFactory(), CentralTeamFactory()]
    return request, brokers, area


@pytest.mark.django_db(transaction=True)
def test_two_brokers_assigning_at_once(setting):
    request, (first, second), _ = setting

    results, errors = _race(
        [
            lambda b=b: services.support_request_assign(
                request=SupportRequest.objects.get(pk=request.pk), broker=b, by=b, version=1
            )
            for b in (first, second)
        ]
    )

    assert len(results) == 1
    assert errors == [services.STALE_MESSAGE]
    request.refresh_from_db()
    assert request.broker == results[0].broker
    assert request.version == 2
    assert request.events.filter(kind="assigned").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_brokers_moving_the_request_on_at_once(setting):
    request, (first, second), _ = setting

    results, errors = _race(
        [
            lambda: services.support_request_transition(
                request=SupportRequest.objects.get(pk=request.pk),
                to=Status.TRIAGED,
                by=first,
                version=1,
            ),
            lambda: services.support_request_transition(
                request=SupportRequest.objects.get(pk=request.pk),
                to=Status.DECLINED,
                by=second,
                version=1,
            ),
        ]
    )

    assert len(results) == 1 and len(errors) == 1
    request.refresh_from_db()
    assert request.status == results[0].status
    assert request.events.filter(kind="status").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_brokers_proposing_different_providers_at_once(setting):
    request, (first, second), area = setting
    SupportRequest.objects.filter(pk=request.pk).update(status=Status.MATCHING)
    providers = [SchoolFactory(), SchoolFactory()]
    for provider in providers:
        AreaOfExcellenceFactory(school=provider, practice_area=area)

    results, errors = _race(
        [
            lambda p=p, b=b: services.engagement_propose(
                request=SupportRequest.objects.get(pk=request.pk), provider=p, by=b, version=1
            )
            for p, b in zip(providers, (first, second), strict=True)
        ]
    )

    assert len(results) == 1
    assert errors == [services.STALE_MESSAGE]
    assert Engagement.objects.filter(request=request).count() == 1
