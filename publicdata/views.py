"""The import pages for public data (the central team), in the GIAS import's pattern."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hubs.models import ImportRun
from hubs.operations.forms import ImportForm
from hubs.tasks import import_run_start
from partnership.lib.uploads import UploadFailed
from publicdata.forms import ResultsImportForm
from publicdata.permissions import may_import_public_data

PAGES = {
    "links": {
        "title": "Import GIAS links",
        "intro": (
            "Upload the links file published with the GIAS extract (links.csv: URN, LinkURN, "
            "LinkType, LinkEstablishedDate). When a school the network holds has a new URN "
            "(academy conversion, merger, amalgamation, re-opening) and GIAS has been imported "
            "with that URN, the school's reviews, memberships, requests and designations move "
            "to it, and its profile shows the chain."
        ),
    },
    "ofsted": {
        "title": "Import Ofsted inspections",
        "intro": (
            "Upload Ofsted's management-information CSV for state-funded schools (every "
            "inspection, one row each, keyed by its inspection number). Each inspection is kept "
            "with its framework; each school's latest grade comes from its latest inspection "
            "that gave one."
        ),
    },
    "results": {
        "title": "Import exam results",
        "intro": (
            "Upload a DfE performance tables school-level CSV: KS2 (% meeting the expected "
            "standard in reading, writing and maths) or KS4 (Attainment 8, Progress 8 where "
            "published, % grade 5 or above in English and maths). The England row is kept as "
            "the national average for the year; markers such as SUPP and NE are kept as such."
        ),
    },
}


KINDS = {
    "links": [ImportRun.Kind.LINKS],
    "ofsted": [ImportRun.Kind.OFSTED],
    "results": [ImportRun.Kind.KS2, ImportRun.Kind.KS4],
}
RECENT_RUNS = 10


def _page(request: HttpRequest, page: str, form_class) -> HttpResponse:
    """The file is stored and its run queued (hubs' import runs); the page goes to the run."""
    if not may_import_public_data(request.user):
        raise Http404  # the central team's own pages are not found by anyone else
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if page == "results":
            kind = ImportRun.Kind.KS2 if data["key_stage"] == 2 else ImportRun.Kind.KS4
            options = {"academic_year": data["academic_year"]}
        else:
            kind, options = KINDS[page][0], {}
        try:
            run = import_run_start(
                kind=kind,
                file=data["file"],
                dry_run=request.POST.get("action") != "import",
                user=request.user,
                options=options,
            )
        except UploadFailed as failure:
            form.add_error("file", str(failure))
        else:
            return redirect("hubs:import_run", pk=run.pk)
    recent = ImportRun.objects.filter(kind__in=KINDS[page]).select_related("run_by")[:RECENT_RUNS]
    context = {
        **PAGES[page],
        "form": form,
        "recent": recent,
    }
    return render(request, "publicdata/import.html", context)


@login_required
def links_import(request: HttpRequest) -> HttpResponse:
    return _page(request, "links", ImportForm)


@login_required
def ofsted_import(request: HttpRequest) -> HttpResponse:
    return _page(request, "ofsted", ImportForm)


@login_required
def results_import(request: HttpRequest) -> HttpResponse:
    return _page(request, "results", ResultsImportForm)
