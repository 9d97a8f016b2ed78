"""Background jobs: how a task is declared and queued, and each job's log.

Jobs run on procrastinate, a queue kept in the app's own PostgreSQL database (no other server).
Each app declares its tasks in its own `tasks.py` with `@job(...)`, which wraps procrastinate's
`app.task`: the job then carries the request id of the request that queued it, every line it
logs is also kept in its log (JobLogEntry, read on the jobs page), and a crash is logged with
its reason before procrastinate marks the job failed (and retries it, when the task says so).

Queue a job with `defer(task, **kwargs)` (many at once: `defer_many(task, [kwargs, ...])`), never
`task.defer` directly, so the request id goes with it. A job queued inside a transaction is
queued only if that transaction commits.

A periodic job is declared with procrastinate's decorator on top of `@job`:

    @app.periodic(cron="0 3 * * *", periodic_id="purge-x")
    @job(queueing_lock="purge-x")
    def purge_x(timestamp: int): ...

procrastinate defers it once per timestamp, whatever the number of workers, so it never runs
twice for the same time. A PDF build is a job like an import: the page queues it, the job writes
the file through Django's storage and the page shows the job until the file is there.
"""

import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from procrastinate.contrib.django import app

from partnership.lib.requestlog import REQUEST_ID, current_request_id

logger = logging.getLogger("partnership.jobs")

JOB_ID_KEY = "_job_id"
_current = threading.local()


def current_job_id() -> int | None:
    return getattr(_current, "job_id", None)


def job(**task_options) -> Callable:
    """Declares a task (procrastinate's `app.task` options) that keeps a log and a request id."""

    def decorate(func: Callable) -> Any:
        @functools.wraps(func)
        def run(context, *args, request_id: str = "", **kwargs):
            return run_as_job(func, context.job.id, context.job.attempts, request_id, args, kwargs)

        return app.task(pass_context=True, **task_options)(run)

    return decorate


def run_as_job(func, job_id, attempts, request_id, args, kwargs):
    token = REQUEST_ID.set(request_id or f"job-{job_id}")
    _current.job_id = job_id
    started = time.perf_counter()
    try:
        logger.info("Started (attempt %s).", attempts + 1)
        result = func(*args, **kwargs)
        logger.info("Finished in %.1f s.", time.perf_counter() - started)
        return result
    except Exception as error:
        logger.error("Failed: %s: %s", type(error).__name__, error)
        raise
    finally:
        _current.job_id = None
        REQUEST_ID.reset(token)


def defer(task, *, lock: str | None = None, **kwargs) -> int:
    """Queues `task` with `kwargs` and the current request id; returns the job's id."""
    if lock:
        task = task.configure(lock=lock)
    return task.defer(request_id=current_request_id(), **kwargs)


def defer_many(task, kwargs_list: list[dict]) -> list[int]:
    """Queues a job of `task` for each kwargs in `kwargs_list`, in one query; returns their ids."""
    if not kwargs_list:
        return []
    request_id = current_request_id()
    return task.batch_defer(*({"request_id": request_id, **kwargs} for kwargs in kwargs_list))


class JobLogHandler(logging.Handler):
    """Keeps the lines a job logs (from its own thread) in its log, JobLogEntry."""

    def emit(self, record: logging.LogRecord) -> None:
        job_id = current_job_id()
        if job_id is None or getattr(_current, "writing", False):
            return
        _current.writing = True
        try:
            from partnership.models import JobLogEntry

            JobLogEntry.objects.create(
                job_id=job_id,
                level=record.levelname,
                message=self.format(record)[:2000],
            )
        except Exception:
            self.handleError(record)
        finally:
            _current.writing = False


@dataclass
class _Job:
    id: int
    attempts: int


@dataclass
class _Context:
    job: _Job


def run_queued_here(queue: str | None = None) -> int:
    """Runs the jobs waiting in the queue in this process and its transaction, one by one.

    For tests that check a page's whole round trip inside one transaction, and for a command run
    by hand without a worker. Failures are left failed, as a worker would leave them (without
    its retries). Returns how many jobs ran.
    """
    from procrastinate.contrib.django.models import ProcrastinateJob

    done = 0
    while True:
        queued = ProcrastinateJob.objects.filter(status="todo")
        if queue:
            queued = queued.filter(queue_name=queue)
        row = queued.order_by("id").first()
        if row is None:
            return done
        task = app.tasks[row.task_name]
        _set_status(row.pk, "doing")
        status = "succeeded"
        try:
            task.func(_Context(_Job(row.pk, row.attempts)), **row.args)
        except Exception:
            status = "failed"
        _set_status(row.pk, status)
        done += 1


def _set_status(job_id: int, status: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id])


def on_app_ready(procrastinate_app) -> None:
    """Nothing to add yet; the hook where worker-wide options would go."""
