"""Build the annual report as a PDF: `build_annual_report --year 2025 [--hub slug] [--output f]`.

Built here, in this process (the page has the worker build it); without --output the file goes
to storage where the page finds it for download."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hubs.models import Hub
from partnership.reports.annual_pdf import pdf_build, pdf_bytes


class Command(BaseCommand):
    help = "Build the annual report (network, or one hub) for an academic year as a PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="Its first year: 2025 = 2025/26."
        )
        parser.add_argument("--hub", help="A hub's slug; the network's report without it.")
        parser.add_argument(
            "--output", help="A file to write it to (default: storage, for the page's download)."
        )

    def handle(self, *args, year: int, hub: str | None, output: str | None, **options):
        chosen = None
        if hub:
            chosen = Hub.objects.filter(slug=hub).first()
            if chosen is None:
                raise CommandError(f"No hub has the slug {hub!r}.")
        if output is None:
            self.stdout.write(f"Stored {pdf_build(chosen, year)}")
            return
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf_bytes(chosen, year))
        self.stdout.write(f"Wrote {path}")
