"""Background jobs of reviews: the daily reminder to the team and the school 14 days before.

procrastinate defers it once per tick however many workers run (the periodic id and the
queueing lock); each review's reminder is recorded once (ReviewEmail, unique per review and
kind), so a second run (the job tried again, or the `send_review_reminders` command run by cron
as well) sends nothing more.
"""

import logging

from procrastinate.contrib.django import app

from partnership.lib.jobs import job
from reviews.emails import send_review_reminders

logger = logging.getLogger("reviews.reminders")


# Daily at 07:00 UTC (procrastinate reads cron in UTC): before the working day in the UK.
@app.periodic(cron="0 7 * * *", periodic_id="review-reminders")
@job(queueing_lock="review-reminders")
def review_reminders(timestamp: int) -> int:
    """Reminds the team and the school of each review starting within 14 days, once each."""
    queued = send_review_reminders()
    logger.info("Queued reminders for %s review(s).", queued)
    return queued
