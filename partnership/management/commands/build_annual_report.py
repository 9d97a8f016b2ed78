"""Build the annual report as a PDF: `build_annual_report --year 2025 [--hub slug] [--output f]`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hubs.models import Hub
from partnership.reports.annual_views import annual_pdf_bytes, file_stem


class Command(BaseCommand):
    help = "Build the annual report (network, or one hub) for an academic year as a PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="Its first year: 2025 = 2025/26."
        )
        parser.add_argument("--hub", help="A hub's slug; the network's report without it.")
        parser.add_argument("--output", help="Where to write it (default: under MEDIA_ROOT).")

    def handle(self, *args, year: int, hub: str | None, output: str | None, **options):
        chosen = None
        if hub:
            chosen = Hub.objects.filter(slug=hub).first()
            if chosen is None:
                raise CommandError(f"No hub has the slug {hub!r}.")
        path = (
            Path(output)
            if output
            else Path(settings.MEDIA_ROOT) / "annual-reports" / (file_stem(chosen, year) + ".pdf")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(annual_pdf_bytes(None, chosen, year))
        self.stdout.write(f"Wrote {path}")
