from django.core.management.base import BaseCommand

from partnership.retention import purge_expired_personal_data


class Command(BaseCommand):
    help = "Delete sign-in records, ended sessions and finished jobs older than RETENTION_DAYS."

    def handle(self, *args, **options):
        purged = purge_expired_personal_data()
        for what, count in purged.items():
            self.stdout.write(f"{what}: {count} deleted")
