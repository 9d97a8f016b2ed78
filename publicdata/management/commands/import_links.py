"""python manage.py import_links FILE [--dry-run]: load the GIAS links file."""

from publicdata.imports import import_links
from publicdata.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Load the GIAS links file and carry schools' history over to new URNs (all or none)."

    def handle(self, *args, **options):
        self.run_import(import_links, options)
