"""Sending the week's digests, each person's at most once however often the job runs."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction

from partnership.digest.build import digest_for
from partnership.lib.digest import DigestWeek
from partnership.models import DigestSent, User

logger = logging.getLogger(__name__)


def recipients(week: DigestWeek):
    """Active people who want the digest and have not had this week's."""
    already = DigestSent.objects.filter(week_starts_on=week.starts_on).values("user_id")
    return (
        User.objects.filter(is_active=True, weekly_digest=True)
        .exclude(pk__in=already)
        .order_by("pk")
    )


def send_weekly_digests(week: DigestWeek, *, batch_size: int = 500) -> dict[str, int]:
    """Build and send each person's digest; a week with nothing for someone sends them nothing.

    The sent-record goes in before the email, in one transaction: a second run (or two at once)
    finds the row and skips that person; a failed send rolls the row back for the next run.
    """
    counts = {"sent": 0, "empty": 0, "skipped": 0}
    last_pk = 0
    while True:
        users = list(recipients(week).filter(pk__gt=last_pk)[:batch_size])
        if not users:
            return counts
        last_pk = users[-1].pk
        for user in users:
            digest = digest_for(user, week)
            if digest is None:
                counts["empty"] += 1
                continue
            try:
                with transaction.atomic():
                    DigestSent.objects.create(user=user, week_starts_on=week.starts_on)
                    message = EmailMultiAlternatives(
                        digest.subject, digest.text, settings.DEFAULT_FROM_EMAIL, [user.email]
                    )
                    message.attach_alternative(digest.html, "text/html")
                    message.send()
            except IntegrityError:
                counts["skipped"] += 1
                continue
            counts["sent"] += 1
