"""python manage.py import_results FILE --key-stage 2|4 --year 2024 [--dry-run]."""

from functools import partial

from publicdata.imports import import_results
from publicdata.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Load a DfE performance tables KS2 or KS4 school-level CSV (all rows or none)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--key-stage", type=int, choices=[2, 4], required=True)
        parser.add_argument(
            "--year", type=int, required=True, help="The academic year it starts, e.g. 2024."
        )

    def handle(self, *args, **options):
        run = partial(import_results, key_stage=options["key_stage"], academic_year=options["year"])
        self.run_import(run, options)
