"""The retention purges: sign-in records and ended sessions older than RETENTION_DAYS, and
finished jobs older than JOBS_KEEP_DAYS, go; younger ones, waiting jobs and live sessions stay."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection

from partnership.retention import purge_expired_personal_data
from partnership.tasks import finished_jobs_purge

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=datetime.UTC)


def days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def retention(settings):
    settings.RETENTION_DAYS = 30


def dated(record, when):
    # attempt_time is stamped on insert; the record is moved back in time afterwards.
    type(record).objects.filter(pk=record.pk).update(attempt_time=when)
    return record


def attempt(when):
    return dated(AccessAttempt.objects.create(
        username=f"someone{when:%j}@example.org",
        ip_address="192.0.2.1",
        user_agent="Firefox",
        get_data="",
        post_data="",
        failures_since_start=1,
    ), when)  # fmt: skip


def sign_in(when):
    return dated(AccessLog.objects.create(
        username="someone@example.org", ip_address="192.0.2.1", user_agent="Firefox",
    ), when)  # fmt: skip


def session(expires):
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=expires)
    return store.session_key


def test_sign_in_records_older_than_the_retention_go():
    old, recent = attempt(days_ago(31)), attempt(days_ago(29))
    old_log, recent_log = sign_in(days_ago(40)), sign_in(days_ago(1))

    purged = purge_expired_personal_data(NOW)

    assert set(AccessAttempt.objects.values_list("pk", flat=True)) == {recent.pk}
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {recent_log.pk}
    assert old.pk != recent.pk and old_log.pk != recent_log.pk
    assert purged["sign-in records"] == 2


def test_sessions_ended_longer_ago_than_the_retention_go():
    ended_long_ago = session(days_ago(31))
    ended_lately = session(days_ago(2))
    live = session(NOW + datetime.timedelta(hours=1))

    purged = purge_expired_personal_data(NOW)

    assert set(Session.objects.values_list("session_key", flat=True)) == {ended_lately, live}
    assert ended_long_ago not in Session.objects.values_list("session_key", flat=True)
    assert purged["ended sessions"] == 1


def test_the_retention_comes_from_the_setting(settings):
    attempt(days_ago(10))
    settings.RETENTION_DAYS = 7

    purge_expired_personal_data(NOW)

    assert not AccessAttempt.objects.exists()


def job(status: str, finished_days_ago: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status)"
            " VALUES ('default', 'some_task', '{}', 'todo') RETURNING id"
        )
        (job_id,) = cursor.fetchone()
        if status != "todo":
            cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [job_id])
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = %s::procrastinate_job_status WHERE id = %s",
                [status, job_id],
            )
        cursor.execute(
            "UPDATE procrastinate_events SET at = %s WHERE job_id = %s",
            [days_ago(finished_days_ago), job_id],
        )
    return job_id


def job_ids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM procrastinate_jobs")
        return {row[0] for row in cursor.fetchall()}


def test_jobs_finished_longer_ago_than_they_are_kept_go():
    succeeded_long_ago = job("succeeded", 40)
    failed_long_ago = job("failed", 40)
    succeeded_lately = job("succeeded", 3)
    waiting_long = job("todo", 40)

    purged = finished_jobs_purge(before=days_ago(30))

    assert job_ids() >= {succeeded_lately, waiting_long}
    assert not job_ids() & {succeeded_long_ago, failed_long_ago}
    assert purged == 2


def test_the_command_purges_and_says_how_many(settings):
    attempt(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    out = StringIO()

    call_command("purge_personal_data", stdout=out)

    assert "sign-in records: 1 deleted" in out.getvalue()
    assert not AccessAttempt.objects.exists()
