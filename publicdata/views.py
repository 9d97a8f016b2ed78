"""The import pages for public data (the central team), in the GIAS import's pattern."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from publicdata.forms import ResultsImportForm, UploadForm
from publicdata.imports import import_links, import_ofsted, import_results
from publicdata.models import MARKERS
from publicdata.permissions import may_import_public_data
from publicdata.uploads import upload_discard_all, upload_keep

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


def _run(request: HttpRequest, kind: str, form_class, run) -> HttpResponse:
    if not may_import_public_data(request.user):
        raise Http404  # the central team's own pages are not found by anyone else
    form = form_class(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dry_run = request.POST.get("action") != "import"
        result = run(data, dry_run=dry_run, user=request.user)
        if dry_run:
            reference = data["upload"] or upload_keep(content=data["content"], user=request.user)
            initial = {
                **{k: v for k, v in data.items() if k not in ("file", "content")},
                "upload": reference,
                "upload_name": data["file_name"],
            }
            form = form_class(initial=initial, user=request.user)
        else:
            upload_discard_all(user=request.user)
            form = form_class(user=request.user)
        if result.applied:
            messages.success(request, "Imported.")
    kept = form.initial.get("upload_name") if not form.is_bound else None
    context = {
        **PAGES[kind],
        "kind": kind,
        "form": form,
        "result": result,
        "kept_name": kept,
        "markers": MARKERS if kind == "results" else None,
    }
    return render(request, "publicdata/import.html", context)


@login_required
def links_import(request: HttpRequest) -> HttpResponse:
    return _run(
        request,
        "links",
        UploadForm,
        lambda data, **kw: import_links(data["content"], file_name=data["file_name"], **kw),
    )


@login_required
def ofsted_import(request: HttpRequest) -> HttpResponse:
    return _run(
        request,
        "ofsted",
        UploadForm,
        lambda data, **kw: import_ofsted(data["content"], file_name=data["file_name"], **kw),
    )


@login_required
def results_import(request: HttpRequest) -> HttpResponse:
    return _run(
        request,
        "results",
        ResultsImportForm,
        lambda data, **kw: import_results(
            data["content"],
            key_stage=data["key_stage"],
            academic_year=data["academic_year"],
            file_name=data["file_name"],
            **kw,
        ),
    )
