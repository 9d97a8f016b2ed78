"""python manage.py import_hub_memberships FILE [--dry-run]: put many schools into hubs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hubs.imports import import_memberships, membership_report_lines


class Command(BaseCommand):
    help = "Put schools into hubs from a CSV of URN and hub (slug or name), all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        result = import_memberships(
            path.read_bytes(), dry_run=options["dry_run"], file_name=path.name
        )
        for line in membership_report_lines(result):
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(f"{len(result.errors)} bad row(s): nothing was changed.")
        done = "Dry run: nothing changed." if options["dry_run"] else "Imported."
        self.stdout.write(self.style.SUCCESS(done))
