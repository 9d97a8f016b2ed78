"""The annual report's PDF: built by the background worker, kept through Django's storage.

The page queues `partnership.reports.tasks.annual_pdf_build` and shows it being built until the
file is there; the PDF is then downloaded from storage (STORAGES["default"], so several app
servers share it). Each report (network or hub, and year) has one file, replaced by each build;
its date says when its figures were counted. The command `build_annual_report` builds the same
PDF in its own process, without the queue.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.exceptions import AlreadyEnqueued

from hubs.models import Hub
from hubs.years import academic_year_label
from partnership.lib.jobs import defer
from partnership.reports.annual import annual_report
from partnership.reports.svg import bar_chart_svg

FOLDER = "annual-reports"
BUILDING = ("todo", "doing")


def pdf_bytes(hub: Hub | None, year: int) -> bytes:
    """The report as a PDF, through WeasyPrint, from the print version of the page."""
    from weasyprint import HTML

    return HTML(string=pdf_html(hub, year)).write_pdf()


def report_context(hub: Hub | None, year: int) -> dict:
    """What the report's page and its PDF both show: the year's parts beside the year before."""
    return {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "previous_label": academic_year_label(year - 1),
        "parts": annual_report(year, hub),
    }


def pdf_html(hub: Hub | None, year: int) -> str:
    context = {**report_context(hub, year), "for_pdf": True}
    # Each chart as a static SVG (copies: the parts may be the cache's own).
    context["parts"] = [
        dataclasses.replace(part, charts=[{**c, "svg": bar_chart_svg(c)} for c in part.charts])
        for part in context["parts"]
    ]
    return render_to_string("partnership/annual_report_pdf.html", context)


def file_stem(hub: Hub | None, year: int) -> str:
    return f"annual-report-{hub.slug if hub else 'network'}-{year}"


def storage_name(hub: Hub | None, year: int) -> str:
    # By the hub's id, not its slug: renaming a hub keeps its PDF.
    return f"{FOLDER}/{hub.pk if hub else 'network'}-{year}.pdf"


def queueing_lock(hub: Hub | None, year: int) -> str:
    return f"annual-pdf:{hub.pk if hub else 'network'}:{year}"


def pdf_store(hub: Hub | None, year: int, content: bytes) -> str:
    """Replaces the report's PDF in storage with `content`; returns its storage name."""
    name = storage_name(hub, year)
    # Storage never overwrites (it would pick another name), so the old file goes first.
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def pdf_build(hub: Hub | None, year: int) -> str:
    return pdf_store(hub, year, pdf_bytes(hub, year))


@dataclass
class PdfState:
    building: bool  # a build is queued or running
    failed: bool  # the latest build failed
    built_at: datetime.datetime | None  # when the file in storage was written; None: no file

    @property
    def ready(self) -> bool:
        return self.built_at is not None


def pdf_state(hub: Hub | None, year: int) -> PdfState:
    """Where the report's PDF stands; one query and a look at storage."""
    latest = (
        ProcrastinateJob.objects.filter(queueing_lock=queueing_lock(hub, year))
        .order_by("-id")
        .values_list("status", flat=True)
        .first()
    )
    name = storage_name(hub, year)
    built_at = default_storage.get_modified_time(name) if default_storage.exists(name) else None
    return PdfState(
        building=latest in BUILDING, failed=latest in ("failed", "aborted"), built_at=built_at
    )


def pdf_queue(hub: Hub | None, year: int) -> bool:
    """Queues a build unless one is already waiting; True if this call queued it."""
    from partnership.reports.tasks import annual_pdf_build

    task = annual_pdf_build.configure(queueing_lock=queueing_lock(hub, year))
    try:
        # A savepoint: a refused second build must not spoil the request's transaction.
        with transaction.atomic():
            defer(task, hub_id=hub.pk if hub else None, year=year)
    except AlreadyEnqueued:
        return False
    return True


def pdf_open(hub: Hub | None, year: int):
    """The stored PDF as an open file, or None if it has not been built."""
    name = storage_name(hub, year)
    if not default_storage.exists(name):
        return None
    return default_storage.open(name, "rb")
