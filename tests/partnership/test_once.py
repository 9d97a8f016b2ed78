"""A create form acted on once: the same one-time token never makes a second record."""

import uuid

import pytest

from hubs.models import Trust
from partnership.lib.once import RepeatedSubmission, create_once
from partnership.models import FormSubmission
from tests.factories.hubs import SchoolFactory


def test_the_first_submission_creates_and_records_where_its_record_is(hub_manager_a):
    token = uuid.uuid4()

    school = create_once(token=token, user=hub_manager_a, create=lambda: SchoolFactory())

    submission = FormSubmission.objects.get(token=token)
    assert submission.user == hub_manager_a
    assert submission.result_url == school.get_absolute_url()


def test_a_repeat_creates_nothing_and_points_at_the_first_record(hub_manager_a):
    token = uuid.uuid4()
    first = create_once(token=token, user=hub_manager_a, create=lambda: SchoolFactory())
    made = []

    with pytest.raises(RepeatedSubmission) as repeat:
        create_once(token=token, user=hub_manager_a, create=lambda: made.append(SchoolFactory()))

    assert made == []
    assert repeat.value.url == first.get_absolute_url()
    assert FormSubmission.objects.filter(token=token).count() == 1


def test_a_failed_create_leaves_the_token_unused(hub_manager_a):
    token = uuid.uuid4()

    def fails():
        Trust.objects.create(name="Half made")
        raise ValueError("refused")

    with pytest.raises(ValueError):
        create_once(token=token, user=hub_manager_a, create=fails)

    assert not FormSubmission.objects.filter(token=token).exists()
    assert not Trust.objects.filter(name="Half made").exists()
    trust = create_once(
        token=token, user=hub_manager_a, create=lambda: Trust.objects.create(name="Second try")
    )
    assert trust.pk is not None
