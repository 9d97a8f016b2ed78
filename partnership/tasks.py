"""The app's own periodic jobs: housekeeping of the queue and of one-time form tokens.

Each is deferred by procrastinate once per cron tick (a queueing lock and the periodic id make a
second worker's deferral a no-op), so two workers never run the same tick twice. Other apps
declare theirs in their own tasks.py the same way.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from procrastinate import sql
from procrastinate.contrib.django import app

from partnership.lib.jobs import job
from partnership.models import FormSubmission, JobLogEntry
from partnership.retention import purge_expired_personal_data

logger = logging.getLogger("partnership.jobs")

# A one-time token answers a repeat of its form (Back and send again) for this long.
FORM_TOKENS_KEEP = datetime.timedelta(days=7)


@app.periodic(cron="*/5 * * * *", periodic_id="retry-stalled-jobs")
@job(queueing_lock="retry-stalled-jobs")
def retry_stalled_jobs(timestamp: int) -> int:
    """Jobs left "doing" by a worker that stopped sending heartbeats go back to the queue."""
    return stalled_jobs_retry(seconds=settings.JOBS_STALLED_SECONDS)


def stalled_jobs_retry(*, seconds: float) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.queries["select_stalled_jobs_by_heartbeat"],
            {"seconds_since_heartbeat": seconds, "queue": None, "task_name": None},
        )
        stalled = [row[0] for row in cursor.fetchall()]
        for job_id in stalled:
            cursor.execute(
                "SELECT procrastinate_retry_job_v2(%s, now(), NULL, NULL, NULL)", [job_id]
            )
            JobLogEntry.objects.create(
                job_id=job_id, level="WARNING", message="Its worker stopped; queued again."
            )
        cursor.execute(sql.queries["prune_stalled_workers"], {"seconds_since_heartbeat": seconds})
    if stalled:
        logger.warning("Queued %s stalled job(s) again: %s", len(stalled), stalled)
    return len(stalled)


@app.periodic(cron="17 3 * * *", periodic_id="purge-old-records")
@job(queueing_lock="purge-old-records")
def purge_old_records(timestamp: int) -> None:
    """Nightly: one-time form tokens past their use, and finished jobs with their logs."""
    now = timezone.now()
    tokens, _ = FormSubmission.objects.filter(submitted_at__lt=now - FORM_TOKENS_KEEP).delete()
    jobs = finished_jobs_purge(before=now - datetime.timedelta(days=settings.JOBS_KEEP_DAYS))
    logger.info("Removed %s form token(s) and %s finished job(s).", tokens, jobs)


@app.periodic(cron="41 3 * * *", periodic_id="purge-expired-personal-data")
@job(queueing_lock="purge-expired-personal-data")
def purge_personal_data(timestamp: int) -> None:
    """Nightly: sign-in records and ended sessions older than RETENTION_DAYS."""
    logger.info("Purged personal data past its retention: %s", purge_expired_personal_data())


@transaction.atomic
def finished_jobs_purge(*, before: datetime.datetime) -> int:
    """Removes succeeded, failed and cancelled jobs whose last event is older than `before`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            DELETE FROM procrastinate_jobs job
             WHERE job.status IN ('succeeded', 'failed', 'cancelled', 'aborted')
               AND NOT EXISTS (
                   SELECT 1 FROM procrastinate_events event
                    WHERE event.job_id = job.id AND event.at >= %s)
               -- procrastinate keeps the latest run of each periodic job to know its last tick.
               AND NOT EXISTS (
                   SELECT 1 FROM procrastinate_periodic_defers defer
                    WHERE defer.job_id = job.id)
            RETURNING job.id
            """,
            [before],
        )
        removed = [row[0] for row in cursor.fetchall()]
    JobLogEntry.objects.filter(job_id__in=removed).delete()
    return len(removed)
