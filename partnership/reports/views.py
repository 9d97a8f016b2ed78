"""The network report for the central team, and the same report for one hub."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hubs.models import Hub
from hubs.operations.forms import YearForm
from hubs.operations.views import selected_year
from partnership.lib.exports import csv_response
from partnership.lib.tables import ROWS_PER_PAGE, paginate
from partnership.reports.charts import charts_for
from partnership.reports.figures import build
from partnership.reports.permissions import may_see_network_reports
from partnership.reports.tables import report_tables


@login_required
def network(request: HttpRequest) -> HttpResponse:
    if not may_see_network_reports(request.user):
        raise Http404
    return report_page(request, hub=None)


@login_required
def hub(request: HttpRequest, slug: str) -> HttpResponse:
    return report_page(
        request, hub=get_object_or_404(Hub.objects.visible_to(request.user), slug=slug)
    )


@login_required
def my_hubs(request: HttpRequest) -> HttpResponse:
    """The report of the user's hub, or a choice when they have several."""
    hubs = list(Hub.objects.visible_to(request.user).order_by("name")[:200])
    if may_see_network_reports(request.user):
        return redirect("reports:network")
    if not hubs:
        raise Http404
    if len(hubs) == 1:
        return redirect("reports:hub", slug=hubs[0].slug)
    return render(request, "partnership/reports_hubs.html", {"hubs": hubs})


def report_page(request: HttpRequest, hub: Hub | None) -> HttpResponse:
    """The report from its figures (counted at most every few minutes: see `build`)."""
    year = selected_year(request)
    report = build(year, hub)
    tables = report_tables(report)
    if "_export" in request.GET:
        name = request.GET.get("table", "")
        if request.GET["_export"] != "csv" or name not in tables:
            raise Http404
        scope = hub.slug if hub else "network"
        return csv_response(tables[name], f"{scope}-{year}-{name}.csv")
    for name, table in tables.items():
        table.prefix = f"{name}-"
        # The budget runs to a row per school; the other tables are a few rows each.
        paginate(request, table, per_page=ROWS_PER_PAGE if name == "budget" else None)
    context = {
        "report": report,
        "hub": hub,
        "tables": tables,
        "charts": charts_for(report),
        "year_form": YearForm(initial={"year": year}),
    }
    return render(request, "partnership/reports.html", context)
