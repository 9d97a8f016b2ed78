"""The queue as the central team sees it: jobs by state, a job's events and log, a retry."""

import datetime

from django.db import connection
from django.db.models import Count, Max, QuerySet
from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob

from partnership.models import JobLogEntry

# What the page calls procrastinate's states.
STATES = {
    "todo": "Queued",
    "doing": "Running",
    "failed": "Failed",
    "succeeded": "Done",
    "cancelled": "Cancelled",
    "aborted": "Stopped",
}
SHOWN = ("todo", "doing", "failed")


def jobs_for_table(status: str | None) -> QuerySet:
    jobs = ProcrastinateJob.objects.annotate(last_event=Max("procrastinateevent__at"))
    if status:
        jobs = jobs.filter(status=status)
    return jobs.order_by("-id")


def counts_by_state() -> dict[str, int]:
    rows = ProcrastinateJob.objects.values("status").annotate(n=Count("id")).order_by()
    found = {row["status"]: row["n"] for row in rows}
    return {state: found.get(state, 0) for state in STATES}


def job_detail(pk: int) -> tuple[ProcrastinateJob, list, list]:
    job = ProcrastinateJob.objects.get(pk=pk)
    events = list(ProcrastinateEvent.objects.filter(job_id=pk).order_by("at", "id"))
    log = list(JobLogEntry.objects.filter(job_id=pk).order_by("at", "id")[:500])
    return job, events, log


def job_retry(*, job_id: int) -> bool:
    """A failed job goes back to the queue, to run now; False when it had not failed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE id = %s FOR UPDATE", [job_id])
        row = cursor.fetchone()
        if row is None or row[0] != "failed":
            return False
        cursor.execute("SELECT procrastinate_retry_job_v2(%s, now(), NULL, NULL, NULL)", [job_id])
    JobLogEntry.objects.create(job_id=job_id, level="INFO", message="Queued again by hand.")
    return True


def oldest_queued_age() -> datetime.timedelta | None:
    """How long the oldest job due to run has waited (None when nothing is waiting)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT now() - min(coalesce(job.scheduled_at, event.at))
              FROM procrastinate_jobs job
              JOIN procrastinate_events event ON event.job_id = job.id AND event.type = 'deferred'
             WHERE job.status = 'todo'
               AND (job.scheduled_at IS NULL OR job.scheduled_at <= now())
            """
        )
        return cursor.fetchone()[0]
