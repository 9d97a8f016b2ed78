"""How long sign-in records and ended sessions are kept (RETENTION_DAYS).

Finished background jobs are kept JOBS_KEEP_DAYS and purged by partnership.tasks.

`purge_expired_personal_data()` takes no arguments and returns counts, so a periodic job, the
`purge_personal_data` command or a test calls it as it is.
"""

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)


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
    }
