"""Sending the week's digests, each person's at most once however often the job runs."""

import logging

from django.db import connection, transaction

from partnership.digest.build import digests_for
from partnership.lib.digest import DigestWeek
from partnership.lib.mail import emails_send
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

    A batch's sent-records and queued emails go in one transaction: a second run (or two at
    once) finds the rows and skips those people, and an email job, once queued, is retried
    until the mail server takes it, so a digest is neither sent twice nor lost.
    """
    counts = {"sent": 0, "empty": 0, "skipped": 0}
    last_pk = 0
    while True:
        users = list(recipients(week).filter(pk__gt=last_pk)[:batch_size])
        if not users:
            logger.info("Weekly digest of %s: %s", week.starts_on, counts)
            return counts
        last_pk = users[-1].pk
        digests = {user: digest for user, digest in digests_for(users, week) if digest}
        counts["empty"] += len(users) - len(digests)
        with transaction.atomic():
            recorded = _record_sent([user.pk for user in digests], week)
            emails_send(
                [
                    {
                        "subject": digest.subject,
                        "body": digest.text,
                        "html": digest.html,
                        "recipients": [user.email],
                    }
                    for user, digest in digests.items()
                    if user.pk in recorded
                ]
            )
        counts["sent"] += len(recorded)
        counts["skipped"] += len(digests) - len(recorded)


def _record_sent(user_ids: list[int], week: DigestWeek) -> set[int]:
    """Records the week's digest of each of these people, in one statement; returns those it
    recorded. Anyone already recorded (by a run at the same time, which this waits for) is left
    out: the unique constraint on person and week decides, not a read made before."""
    if not user_ids:
        return set()
    table = connection.ops.quote_name(DigestSent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, week_starts_on, sent_at) "  # noqa: S608 (the table's own name)
            "SELECT unnest(%s::bigint[]), %s, now() "
            "ON CONFLICT (user_id, week_starts_on) DO NOTHING RETURNING user_id",
            [user_ids, week.starts_on],
        )
        return {row[0] for row in cursor.fetchall()}
