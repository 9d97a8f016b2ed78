"""The same work as the daily job reviews.tasks.review_reminders, for cron or a run by hand; the
emails are queued for the worker to send."""

from django.core.management.base import BaseCommand

from reviews.emails import REMINDER_DAYS, send_review_reminders


class Command(BaseCommand):
    help = (
        f"Email the team and the school of each review starting in the next {REMINDER_DAYS} "
        "days; a review's reminder is never sent twice."
    )

    def handle(self, *args, **options):
        queued = send_review_reminders()
        self.stdout.write(f"Reminders queued for {queued} review(s).")
