"""The annual report page for the network (the central team) or one hub (its staff), each
part's CSV, and its PDF: queued to be built by the worker, then downloaded (annual_pdf.py)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hubs.models import Hub
from hubs.operations.forms import YearForm
from hubs.operations.views import selected_year
from partnership.lib.exports import csv_download
from partnership.reports.annual_pdf import (
    file_stem,
    pdf_open,
    pdf_queue,
    pdf_state,
    report_context,
)
from partnership.reports.permissions import may_see_network_reports


def scope(request: HttpRequest, slug: str | None) -> Hub | None:
    if slug is None:
        if not may_see_network_reports(request.user):
            raise Http404
        return None
    return get_object_or_404(Hub.objects.visible_to(request.user), slug=slug)


@login_required
def annual(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    hub = scope(request, slug)
    year = selected_year(request)
    context = {**report_context(hub, year), "year_form": YearForm(initial={"year": year})}
    if request.GET.get("_export") == "csv":
        part = next((p for p in context["parts"] if p.name == request.GET.get("part")), None)
        if part is None:
            raise Http404
        header = ["Figure", context["year_label"], context["previous_label"]]
        return csv_download([header, *part.rows], f"{file_stem(hub, year)}-{part.name}.csv")
    context["pdf"] = pdf_state(hub, year)
    return render(request, "partnership/annual_report.html", context)


def page_url(hub: Hub | None, year: int) -> str:
    url = reverse("reports:hub_annual", args=[hub.slug]) if hub else reverse("reports:annual")
    return f"{url}?year={year}"


@login_required
def annual_pdf_build(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Queues the PDF's build; the page then shows it being built."""
    hub = scope(request, slug)  # first: outside the report's scope, every method answers 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    year = selected_year(request)
    pdf_queue(hub, year)
    return redirect(page_url(hub, year))


@login_required
def annual_pdf(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The PDF last built; before there is one, the page (where it is built)."""
    hub = scope(request, slug)
    year = selected_year(request)
    file = pdf_open(hub, year)
    if file is None:
        return redirect(page_url(hub, year))
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{file_stem(hub, year)}.pdf",
        content_type="application/pdf",
    )
