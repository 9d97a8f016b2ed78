"""The central team's jobs page: what is queued, running and failed, and each job's log."""

import json

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from procrastinate.contrib.django.models import ProcrastinateJob

from hubs.permissions import is_central_team
from partnership.jobs.queries import (
    SHOWN,
    STATES,
    counts_by_state,
    job_detail,
    job_retry,
    jobs_for_table,
)
from partnership.lib.tables import DateColumn, paginate

# Arguments that hold a message's text are long and personal: the page names them only.
HIDDEN_ARGS = {"body", "html"}


def _shown_arg(name: str, value) -> str:
    if name in HIDDEN_ARGS:
        return "(not shown)"
    if name == "attachments" and isinstance(value, list):
        # An email's attached files, by name only: their content is the message's too.
        return ", ".join(str(item.get("filename", "?")) for item in value) or "none"
    return json.dumps(value)[:300]


class JobTable(tables.Table):
    id = tables.Column(verbose_name="Job")
    task_name = tables.Column(verbose_name="Task")
    queue_name = tables.Column(verbose_name="Queue")
    status = tables.Column(verbose_name="State")
    attempts = tables.Column(verbose_name="Attempts")
    last_event = DateColumn(format="j M Y, H:i:s", verbose_name="Last change")

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm align-middle", "aria-label": "Jobs"}

    def render_id(self, value):
        return format_html('<a href="{}">{}</a>', f"{value}/", value)

    def render_status(self, value):
        return STATES.get(value, value)


def require_central_team(request: HttpRequest) -> None:
    if not is_central_team(request.user):
        raise Http404


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    require_central_team(request)
    status = request.GET.get("status", "")
    if status not in STATES:
        status = ""
    table = JobTable(jobs_for_table(status or None))
    paginate(request, table, count=False)
    tabs = [("", "All")] + [(state, STATES[state]) for state in SHOWN]
    return render(
        request,
        "partnership/jobs/list.html",
        {"table": table, "status": status, "tabs": tabs, "counts": counts_by_state()},
    )


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_central_team(request)
    try:
        job, events, log = job_detail(pk)
    except ProcrastinateJob.DoesNotExist:
        raise Http404 from None
    args = {name: _shown_arg(name, value) for name, value in job.args.items()}
    return render(
        request,
        "partnership/jobs/detail.html",
        {
            "job": job,
            "state": STATES.get(job.status, job.status),
            "events": events,
            "log": log,
            "args": args,
            "may_retry": job.status == "failed",
        },
    )


@login_required
@require_POST
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_central_team(request)
    if not ProcrastinateJob.objects.filter(pk=pk).exists():
        raise Http404
    with transaction.atomic():
        retried = job_retry(job_id=pk)
    if retried:
        messages.success(request, "The job is queued again.")
    else:
        messages.error(request, "Only a failed job can be tried again.")
    return redirect("jobs:detail", pk=pk)
