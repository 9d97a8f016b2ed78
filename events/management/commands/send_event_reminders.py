"""Remind people of events in the next two days; each booking is reminded once.

The same work as the daily job events.tasks.event_reminders, for cron or a run by hand; the
emails are queued for the worker to send.
"""

from django.core.management.base import BaseCommand

from events.services import send_event_reminders


class Command(BaseCommand):
    help = "Email a reminder to everyone with a place at an event in the next two days."

    def handle(self, *args, **options):
        queued = send_event_reminders()
        self.stdout.write(f"{queued} reminder{'s' if queued != 1 else ''} queued.")
