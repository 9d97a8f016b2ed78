"""What the public-data import commands share: reading the file, progress, the report."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def run_import(self, run, options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        show = options["verbosity"] > 0

        def progress(rows, label):
            return tqdm(rows, desc=label, unit=" rows", disable=not show, leave=False)

        started = time.monotonic()
        result = run(
            path.read_bytes(), dry_run=options["dry_run"], file_name=path.name, progress=progress
        )
        for line in result.report_lines(limit=None if options["verbosity"] > 1 else 50):
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(f"{len(result.errors)} bad row(s): nothing was changed.")
        done = "Dry run: nothing changed" if options["dry_run"] else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{done} in {time.monotonic() - started:.1f} s ({result.rows} rows)."
            )
        )
