"""Sending the week's digests, each person's at most once however often the job runs."""

import logging

from django.db import IntegrityError, transaction

from partnership.digest.build import digests_for
from partnership.lib.digest import DigestWeek
from partnership.lib.mail import email_send
from partnership.models import DigestSent, User

logger = logging.getLogger(__name__)

# People whose digests are built together: the sections' queries are asked once per batch.
BATCH_SIZE = 500


def recipients(week: DigestWeek):
    """Active people who want the digest and have not had this week's."""
    already = DigestSent.objects.filter(week_starts_on=week.starts_on).values("user_id")
    return (
        User.objects.filter(is_active=True, weekly_digest=True)
        .exclude(pk__in=already)
        .order_by("pk")
    )


def send_weekly_digests(week: DigestWeek, *, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Build and queue each person's digest; a week with nothing for someone sends them nothing.

    The sent-record and the queued email go in one transaction: a second run (or two at once)
    finds the row and skips that person, and the email job, once queued, is retried until the
    mail server takes it, so a digest is neither sent twice nor lost.
    """
    counts = {"sent": 0, "empty": 0, "skipped": 0}
    last_pk = 0
    while True:
        users = list(recipients(week).filter(pk__gt=last_pk)[:batch_size])
        if not users:
            logger.info("Weekly digest of %s: %s", week.starts_on, counts)
            return counts
        last_pk = users[-1].pk
        for user, digest in digests_for(users, week):
            if digest is None:
                counts["empty"] += 1
                continue
            try:
                with transaction.atomic():
                    DigestSent.objects.create(user=user, week_starts_on=week.starts_on)
                    email_send(
                        subject=digest.subject,
                        body=digest.text,
                        html=digest.html,
                        recipients=[user.email],
                    )
            except IntegrityError:
                counts["skipped"] += 1
                continue
            counts["sent"] += 1
