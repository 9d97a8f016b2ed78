"""Jobs against a real procrastinate worker on the test database.

A job is queued, run by a worker, retried after a failure, and its result read back; a worker
killed in the middle of an import leaves nothing half done, and its job is queued again and
finished by the next worker. These tests commit (a worker is another connection).
"""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from bench.gias import write_extract
from hubs.models import ImportRun, School
from hubs.tasks import import_run_queue
from partnership.lib.jobs import defer, job
from partnership.lib.mail import email_send
from partnership.lib.requestlog import REQUEST_ID, RequestIdFilter
from partnership.lib.uploads import upload_store
from partnership.models import JobLogEntry
from partnership.tasks import stalled_jobs_retry
from tests.factories.people import CentralTeamFactory
from tests.jobs.apart import run_apart

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def work_off(queues=None) -> None:
    """A real worker, in this process (in a thread of its own), until the queue is empty."""

    def work() -> None:
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(
                queues=queues, wait=False, install_signal_handlers=False, listen_notify=False
            )

    run_apart(work)


def status(job_id: int) -> str:
    return ProcrastinateJob.objects.get(pk=job_id).status


ATTEMPTS: list[int] = []


@job(queue="tests", retry=2)
def fails_once(*, label: str) -> None:
    ATTEMPTS.append(1)
    if len(ATTEMPTS) == 1:
        raise ConnectionError(f"first try of {label} fails")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def queued_import(data: bytes, *, dry_run: bool = False) -> ImportRun:
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.GIAS,
        file_name="gias.csv",
        dry_run=dry_run,
        run_by=CentralTeamFactory(),
        status=ImportRun.Status.QUEUED,
        upload=upload_store(folder="imports/gias", file=ContentFile(data)),
    )
    return import_run_queue(run)


def test_an_import_is_queued_run_by_the_worker_and_its_result_read_back(media):
    data = (ROOT / "tests" / "hubs" / "data" / "gias_sample_2024.csv").read_bytes()
    run = queued_import(data)

    assert status(run.job_id) == "todo"
    work_off()

    run.refresh_from_db()
    assert status(run.job_id) == "succeeded"
    assert run.status == ImportRun.Status.DONE
    assert run.result["applied"] and run.result["created_count"] == School.objects.count() == 4
    assert JobLogEntry.objects.filter(job_id=run.job_id, message__startswith="Finished").exists()


def test_the_workers_own_lines_about_a_job_carry_the_request_id_that_queued_it(caplog):
    caplog.set_level(logging.INFO)
    token = REQUEST_ID.set("the-request")
    try:
        job_id = email_send(subject="Hello", body="Body", recipients=["a@example.org"])
    finally:
        REQUEST_ID.reset(token)

    work_off(queues=["email"])

    lines = [r for r in caplog.records if r.name.startswith("procrastinate.worker")]
    about_the_job = [r for r in lines if getattr(r, "job", {}).get("id") == job_id]
    stamp = RequestIdFilter()
    assert len(about_the_job) >= 2
    assert all(stamp.filter(r) and r.request_id == "the-request" for r in about_the_job)
    assert len(mail.outbox) == 1


def test_the_logs_name_a_job_but_never_its_arguments(caplog, capsys):
    caplog.set_level(logging.INFO)
    token = REQUEST_ID.set("the-request")
    try:
        job_id = email_send(
            subject="Your review", body="Private words", recipients=["head@example.org"]
        )
    finally:
        REQUEST_ID.reset(token)

    work_off(queues=["email"])

    about_the_job = [r for r in caplog.records if getattr(r, "job", {}).get("id") == job_id]
    assert about_the_job and all(r.request_id == "the-request" for r in about_the_job)
    assert any(f"send_email[{job_id}]" in r.getMessage() for r in about_the_job)
    logged = capsys.readouterr().out + " ".join(str(vars(r)) for r in caplog.records)
    logged += " ".join(JobLogEntry.objects.values_list("message", flat=True))
    for private in ("Private words", "head@example.org", "Your review"):
        assert private not in logged
    assert len(mail.outbox) == 1


def test_a_failed_job_is_retried_and_then_succeeds():
    ATTEMPTS.clear()
    job_id = defer(fails_once, label="the test")

    work_off(queues=["tests"])

    assert len(ATTEMPTS) == 2
    assert status(job_id) == "succeeded"
    log = list(JobLogEntry.objects.filter(job_id=job_id).values_list("message", flat=True))
    assert "Failed: ConnectionError: first try of the test fails" in log
    assert ProcrastinateJob.objects.get(pk=job_id).attempts == 2


def test_an_email_that_smtp_refuses_is_retried_and_finally_shown_as_failed(settings):
    # Nothing listens on this port: every attempt fails to connect.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    job_id = email_send(subject="Hello", body="Body", recipients=["a@example.org"])
    # No waiting between attempts here; the job keeps its retry strategy's count.
    with app.replace_connector(app.connector.get_worker_connector()):
        for _ in range(10):
            run_apart(
                lambda: app.run_worker(queues=["email"], wait=False, install_signal_handlers=False)
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s AND "
                    "status = 'todo'",
                    [job_id],
                )
            if status(job_id) == "failed":
                break

    assert status(job_id) == "failed"
    # The first attempt and seven retries.
    assert ProcrastinateJob.objects.get(pk=job_id).attempts == 8
    assert JobLogEntry.objects.filter(job_id=job_id, level="ERROR").count() == 8
    assert mail.outbox == []


def test_a_worker_killed_mid_import_leaves_nothing_half_done_and_the_job_runs_again(
    media, tmp_path
):
    path = tmp_path / "big.csv"
    write_extract(str(path), 20_000)
    run = queued_import(path.read_bytes())
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "imports"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status == ImportRun.Status.RUNNING:
                break
            time.sleep(0.1)
        assert run.status == ImportRun.Status.RUNNING
        time.sleep(1)  # well into the import
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()

    # Killed: the job is left "doing", and the import's transaction is gone with the worker.
    assert status(run.job_id) == "doing"
    assert School.objects.count() == 0
    time.sleep(2)
    assert stalled_jobs_retry(seconds=1) == 1
    assert status(run.job_id) == "todo"

    work_off(queues=["imports"])

    run.refresh_from_db()
    assert status(run.job_id) == "succeeded"
    assert run.status == ImportRun.Status.DONE
    assert School.objects.count() == run.result["created_count"] > 0


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
