"""python manage.py import_ofsted FILE [--dry-run]: load Ofsted's inspections CSV."""

from publicdata.imports import import_ofsted
from publicdata.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Load every inspection from Ofsted's management-information CSV (all rows or none)."

    def handle(self, *args, **options):
        self.run_import(import_ofsted, options)
