from django.core.management.base import BaseCommand

from reviews.emails import REMINDER_DAYS, send_review_reminders


class Command(BaseCommand):
    help = (
        f"Email the team and the school of each review starting in the next {REMINDER_DAYS} "
        "days; a review's reminder is never sent twice."
    )

    def handle(self, *args, **options):
        sent = send_review_reminders()
        self.stdout.write(f"Reminders sent for {sent} review(s).")
