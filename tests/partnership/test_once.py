"""A create form acted on once: the same one-time token never makes a second record."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from hubs.models import Trust
from partnership.lib.once import REPEAT_WINDOW, RepeatedSubmission, content_hash, create_once
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


def _sent(path="/hubs/hub-a/action-plan/new/?year=2025", **fields):
    from django.test import RequestFactory

    data = {"csrfmiddlewaretoken": str(uuid.uuid4()), "submission_token": str(uuid.uuid4())}
    return RequestFactory().post(path, {**data, **fields})


def test_the_content_hash_is_the_page_and_fields_not_the_tokens():
    first = content_hash(_sent(title="Reading", owner="Mina"))

    assert content_hash(_sent(owner="Mina", title="Reading")) == first  # fresh tokens
    assert content_hash(_sent(title="Reading", owner="Mo")) != first
    assert content_hash(_sent("/hubs/hub-b/action-plan/new/", title="Reading", owner="Mina")) != (
        first
    )


def test_a_fresh_copy_of_the_page_sent_with_the_same_fields_is_a_repeat(hub_manager_a):
    content = content_hash(_sent(title="Reading"))
    first = create_once(
        token=uuid.uuid4(), user=hub_manager_a, create=lambda: SchoolFactory(), content=content
    )
    made = []

    with pytest.raises(RepeatedSubmission) as repeat:
        create_once(
            token=uuid.uuid4(),
            user=hub_manager_a,
            create=lambda: made.append(SchoolFactory()),
            content=content,
        )

    assert made == []
    assert repeat.value.url == first.get_absolute_url()


def test_the_same_fields_from_someone_else_or_with_a_change_are_new(hub_manager_a, central_team):
    content = content_hash(_sent(title="Reading"))
    create_once(token=uuid.uuid4(), user=hub_manager_a, create=SchoolFactory, content=content)

    other_person = create_once(
        token=uuid.uuid4(), user=central_team, create=SchoolFactory, content=content
    )
    changed = create_once(
        token=uuid.uuid4(),
        user=hub_manager_a,
        create=SchoolFactory,
        content=content_hash(_sent(title="Writing")),
    )

    assert other_person.pk and changed.pk


def test_the_same_fields_after_the_repeat_window_make_a_new_record(hub_manager_a):
    content = content_hash(_sent(title="Reading"))
    create_once(token=uuid.uuid4(), user=hub_manager_a, create=SchoolFactory, content=content)
    FormSubmission.objects.update(
        submitted_at=timezone.now() - REPEAT_WINDOW - timedelta(seconds=1)
    )

    later = create_once(
        token=uuid.uuid4(), user=hub_manager_a, create=SchoolFactory, content=content
    )

    assert later.pk is not None
