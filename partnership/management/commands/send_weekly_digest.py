"""Send this week's digest to everyone who has something in it; safe to run again (cron)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from partnership.digest.send import send_weekly_digests
from partnership.lib.digest import DigestWeek


class Command(BaseCommand):
    help = "Send the weekly digest: once per person and week, however often it runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--week-of",
            type=datetime.date.fromisoformat,
            help="A day of the week to send (YYYY-MM-DD); default: this week.",
        )

    def handle(self, *args, week_of=None, **options):
        week = DigestWeek.of(week_of or timezone.localdate())
        counts = send_weekly_digests(week)
        self.stdout.write(
            f"Week of {week.starts_on:%-d %b %Y}: {counts['sent']} sent, "
            f"{counts['empty']} with nothing to say, {counts['skipped']} already sent."
        )
