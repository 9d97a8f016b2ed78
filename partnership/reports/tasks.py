"""The reports' background job: building the annual report's PDF (see annual_pdf.py)."""

import logging

from hubs.models import Hub
from partnership.lib.jobs import job
from partnership.reports.annual_pdf import pdf_build

logger = logging.getLogger("partnership.jobs")


@job(queue="reports")
def annual_pdf_build(*, hub_id: int | None, year: int) -> None:
    hub = Hub.objects.get(pk=hub_id) if hub_id is not None else None
    name = pdf_build(hub, year)
    logger.info("Built the annual report %s for %s as %s.", year, hub or "the network", name)
