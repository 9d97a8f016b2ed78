"""The annual report page for the network (the central team) or one hub (its staff), each
part's CSV, and its PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from hubs.models import Hub
from hubs.operations.forms import YearForm
from hubs.operations.views import selected_year
from hubs.years import academic_year_label
from partnership.lib.exports import csv_download
from partnership.reports.annual import annual_report
from partnership.reports.permissions import may_see_network_reports


def scope(request: HttpRequest, slug: str | None) -> Hub | None:
    if slug is None:
        if not may_see_network_reports(request.user):
            raise Http404
        return None
    return get_object_or_404(Hub.objects.visible_to(request.user), slug=slug)


def context_for(request: HttpRequest, hub: Hub | None, year: int) -> dict:
    return {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "previous_label": academic_year_label(year - 1),
        "year_form": YearForm(initial={"year": year}),
        "parts": annual_report(year, hub),
    }


def file_stem(hub: Hub | None, year: int) -> str:
    return f"annual-report-{hub.slug if hub else 'network'}-{year}"


@login_required
def annual(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    hub = scope(request, slug)
    year = selected_year(request)
    context = context_for(request, hub, year)
    if request.GET.get("_export") == "csv":
        part = next((p for p in context["parts"] if p.name == request.GET.get("part")), None)
        if part is None:
            raise Http404
        header = ["Figure", context["year_label"], context["previous_label"]]
        return csv_download([header, *part.rows], f"{file_stem(hub, year)}-{part.name}.csv")
    return render(request, "partnership/annual_report.html", context)


def annual_pdf_bytes(request: HttpRequest | None, hub: Hub | None, year: int) -> bytes:
    """The report as a PDF, through WeasyPrint, from the print version of the page."""
    from weasyprint import HTML

    context = {**context_for(request, hub, year), "for_pdf": True}
    html = render_to_string("partnership/annual_report_pdf.html", context)
    return HTML(string=html).write_pdf()


@login_required
def annual_pdf(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    hub = scope(request, slug)
    year = selected_year(request)
    response = HttpResponse(annual_pdf_bytes(request, hub, year), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_stem(hub, year)}.pdf"'
    return response
