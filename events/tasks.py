"""Background jobs of events: the daily reminder to everyone with a place at an event soon.

procrastinate defers it once per tick however many workers run (the periodic id and the
queueing lock); each booking is claimed as it is reminded, so a second run (the job tried again,
or the `send_event_reminders` command run by cron as well) finds nothing left to send.
"""

import logging

from procrastinate.contrib.django import app

from events.services import send_event_reminders
from partnership.lib.jobs import job

logger = logging.getLogger("events.reminders")


# Daily at 07:00 UTC (procrastinate reads cron in UTC): before the working day in the UK.
@app.periodic(cron="0 7 * * *", periodic_id="event-reminders")
@job(queueing_lock="event-reminders")
def event_reminders(timestamp: int) -> int:
    """Reminds everyone with a place at an event in the next two days, once per booking."""
    queued = send_event_reminders()
    logger.info("Queued %s event reminder(s).", queued)
    return queued
