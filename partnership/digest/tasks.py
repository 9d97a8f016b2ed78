"""The weekly digest as a periodic job on the background worker (the command does the same for
cron): Monday morning, the week starting that day."""

import datetime

from django.utils import timezone
from procrastinate.contrib.django import app

from partnership.digest.send import send_weekly_digests
from partnership.lib.digest import DigestWeek
from partnership.lib.jobs import job


@app.periodic(cron="0 6 * * 1", periodic_id="send-weekly-digest")
@job(queueing_lock="send-weekly-digest")
def send_weekly_digest(timestamp: int) -> dict[str, int]:
    """Sends the digests of the week holding the tick; a second run of the same week (a retry,
    a late tick or the command) skips everyone already sent theirs."""
    day = timezone.localdate(datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC))
    return send_weekly_digests(DigestWeek.of(day))
