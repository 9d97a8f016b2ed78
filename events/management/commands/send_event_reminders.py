"""Remind people of events in the next two days; each booking is reminded once (cron)."""

from django.core.management.base import BaseCommand

from events.services import send_event_reminders


class Command(BaseCommand):
    help = "Email a reminder to everyone with a place at an event in the next two days."

    def handle(self, *args, **options):
        sent = send_event_reminders()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
