"""How long sign-in records, ended sessions and finished jobs are kept (RETENTION_DAYS).

`purge_expired_personal_data()` takes no arguments and returns counts, so a periodic job, the
`purge_personal_data` command or a test calls it as it is.
"""

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

FINISHED_JOB_STATUSES = ("succeeded", "failed", "cancelled", "aborted")


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)


def finished_jobs_delete(cutoff: datetime) -> int:
    """Jobs finished before the cutoff (their events go with them); none without the queue."""
    with connection.cursor() as cursor:
        if "procrastinate_jobs" not in connection.introspection.table_names(cursor):
            return 0
        cursor.execute(
            "DELETE FROM procrastinate_jobs AS job"
            " WHERE job.status::text = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM procrastinate_events AS event"
            " WHERE event.job_id = job.id AND event.at >= %s)",
            [list(FINISHED_JOB_STATUSES), cutoff],
        )
        return cursor.rowcount


def purge_expired_personal_data(now: datetime | None = None) -> dict[str, int]:
    """Delete what is older than RETENTION_DAYS; returns how many of each went."""
    cutoff = retention_cutoff(now)
    attempts = sum(
        model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    sessions, _ = Session.objects.filter(expire_date__lt=cutoff).delete()
    return {
        "sign-in records": attempts,
        "ended sessions": sessions,
        "finished jobs": finished_jobs_delete(cutoff),
    }
