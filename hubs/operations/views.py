"""Pages for hub operations: funding and spend, action plan, events, membership, imports.

Hub managers change their own hub's operations, senior partners read them (403 on change),
anyone else gets 404, and the central team may do everything.
"""

import mimetypes
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hubs.access import require_change_permission
from hubs.models import (
    ActionPriority,
    FundingAllocation,
    Hub,
    ImportRun,
    MembershipChange,
    MembershipFee,
    SpendEntry,
)
from hubs.operations import services as ops
from hubs.operations.forms import (
    AllocationForm,
    FeeForm,
    FeesCreateForm,
    ImportForm,
    MembershipChangeForm,
    PriorityForm,
    SpendDeleteForm,
    SpendForm,
    SpendTargetsForm,
    YearForm,
    add_errors,
)
from hubs.operations.queries import (
    funding_summary,
    membership_movements,
    movement_years,
    spend_against_targets,
    spend_targets,
)
from hubs.operations.tables import FeeTable, SpendTable
from hubs.permissions import (
    may_agree_spend_targets,
    may_confirm_membership_changes,
    may_import_data,
    may_lead_hub,
    may_manage_hub,
    may_set_funding,
)
from hubs.tasks import IMPORT_PAGES, import_progress, import_run_queue, import_run_start
from hubs.years import academic_year_label, current_academic_year
from partnership.lib.once import (
    RepeatedSubmission,
    create_once_for_form,
    repeated_response,
)
from partnership.lib.tables import paginate
from partnership.lib.uploads import UploadFailed

Created = TypeVar("Created")

# A hub's fees for a year fit on one page: one row per member school.
FEES_PER_PAGE = 50


def selected_year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else current_academic_year()


def hub_in_scope(request: HttpRequest, slug: str, *, change: bool = False) -> Hub:
    """The hub if the user may read it (else 404); with change=True, 403 unless they manage it."""
    hub = get_object_or_404(Hub.objects.visible_to(request.user), slug=slug)
    if change:
        require_change_permission(may_manage_hub(request.user, hub))
    return hub


def require(allowed: bool) -> None:
    """The central team's own pages are not found by anyone else."""
    if not allowed:
        raise Http404


def page_context(request: HttpRequest, hub: Hub, year: int, **extra) -> dict:
    return {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "year_form": YearForm(initial={"year": year}),
        "can_change": may_manage_hub(request.user, hub),
        "may_set_funding": may_set_funding(request.user),
        **extra,
    }


@login_required
def funding(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    year = selected_year(request)
    summary = funding_summary(hub, year)
    entries = SpendEntry.objects.filter(allocation__hub=hub, allocation__academic_year=year)
    table = SpendTable(
        entries.select_related("priority", "allocation__hub"),
        prefix="spend-",
        can_change=may_manage_hub(request.user, hub),
    )
    paginate(request, table)
    allocation_form = AllocationForm(instance=summary.allocation)
    context = page_context(
        request,
        hub,
        year,
        summary=summary,
        categories=spend_against_targets(summary, spend_targets(hub, year)),
        may_agree_targets=may_agree_spend_targets(request.user, hub),
        table=table,
        allocation_form=allocation_form,
    )
    return render(request, "hubs/operations/funding.html", context)


@login_required
def spend_targets_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The senior partner agrees the hub's spend target per category for a year."""
    hub = hub_in_scope(request, slug)
    require_change_permission(may_agree_spend_targets(request.user, hub))
    year = selected_year(request)
    funding_url = f"{reverse('hubs:funding', args=[hub.slug])}?year={year}"
    form = SpendTargetsForm(request.POST or None, targets=spend_targets(hub, year))
    if request.method == "POST" and form.is_valid():
        try:
            ops.spend_targets_agree(
                hub=hub, academic_year=year, amounts=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Spend targets for {academic_year_label(year)} agreed.")
            return redirect(funding_url)
    context = page_context(request, hub, year, form=form, funding_url=funding_url)
    return render(request, "hubs/operations/spend_targets_form.html", context)


@login_required
@require_POST
def allocation_set(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    # Allocations are the central team's to set; a hub's own staff may read them.
    require_change_permission(may_set_funding(request.user))
    year = selected_year(request)
    funding_url = f"{reverse('hubs:funding', args=[hub.slug])}?year={year}"
    existing = FundingAllocation.objects.filter(hub=hub, academic_year=year).first()
    form = AllocationForm(request.POST, instance=existing)
    if form.is_valid():

        def save() -> FundingAllocation:
            amount = form.cleaned_data["amount"]
            return ops.allocation_set(hub=hub, academic_year=year, amount=amount)

        try:
            save() if existing else create_once_for_form(request, form, save)
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, funding_url)
        messages.success(request, f"Allocation for {academic_year_label(year)} saved.")
    else:
        messages.error(request, "Enter the allocation as an amount of at least £0.")
    return redirect(funding_url)


@login_required
def spend_create(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug, change=True)
    year = selected_year(request)
    funding_url = f"{reverse('hubs:funding', args=[hub.slug])}?year={year}"
    allocation = FundingAllocation.objects.filter(hub=hub, academic_year=year).first()
    form = SpendForm(request.POST or None, request.FILES or None, hub=hub, year=year)
    needs_confirmation = None
    if allocation and request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def record() -> SpendEntry:
            return ops.spend_record(
                allocation=allocation,
                spent_on=data["spent_on"],
                amount=data["amount"],
                category=data["category"],
                description=data["description"],
                receipt=data["receipt"],
                priority=data["priority"],
                confirm_overspend=data["confirm_overspend"],
                by=request.user,
            )

        try:
            # A refused spend (overspend to confirm, invalid) rolls its token back with it, so
            # the same form can be corrected and sent again.
            create_once_for_form(request, form, record)
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, funding_url)
        except ops.OverspendNeedsConfirmation as overspend:
            needs_confirmation = str(overspend)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Spend recorded.")
            return redirect(funding_url)
    context = page_context(
        request, hub, year, form=form, allocation=allocation, needs_confirmation=needs_confirmation
    )
    return render(request, "hubs/operations/spend_form.html", context)


def spend_in_scope(request: HttpRequest, hub: Hub, pk: int) -> SpendEntry:
    return get_object_or_404(
        SpendEntry.objects.visible_to(request.user).select_related("allocation", "priority"),
        pk=pk,
        allocation__hub=hub,
    )


@login_required
def spend_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    entry = spend_in_scope(request, hub, pk)
    require_change_permission(may_manage_hub(request.user, hub))
    year = entry.allocation.academic_year
    funding_url = f"{reverse('hubs:funding', args=[hub.slug])}?year={year}"
    form = SpendForm(
        request.POST or None, request.FILES or None, instance=entry, hub=hub, year=year
    )
    needs_confirmation = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ops.spend_update(
                entry=form.instance,
                version=data["version"],
                confirm_overspend=data["confirm_overspend"],
                by=request.user,
            )
        except ops.OverspendNeedsConfirmation as overspend:
            needs_confirmation = str(overspend)
        except ops.SpendChangedMeanwhile as changed:
            current = SpendEntry.objects.filter(pk=entry.pk).first()
            if current is None:
                messages.error(request, "This spend entry was deleted meanwhile.")
                return redirect(funding_url)
            # What they typed stays in the form; sending it again replaces the newer details.
            posted = request.POST.copy()
            posted["version"] = str(current.version)
            form = SpendForm(posted, request.FILES or None, instance=current, hub=hub, year=year)
            form.is_valid()
            form.add_error(None, f"{changed} Now: {current}.")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Spend entry saved.")
            return redirect(funding_url)
    context = page_context(
        request,
        hub,
        year,
        form=form,
        entry=entry,
        allocation=entry.allocation,
        needs_confirmation=needs_confirmation,
    )
    return render(request, "hubs/operations/spend_form.html", context)


@login_required
def spend_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A confirmation page, then the delete; the entry's history keeps what it was."""
    hub = hub_in_scope(request, slug)
    entry = spend_in_scope(request, hub, pk)
    require_change_permission(may_manage_hub(request.user, hub))
    year = entry.allocation.academic_year
    funding_url = f"{reverse('hubs:funding', args=[hub.slug])}?year={year}"
    form = SpendDeleteForm(request.POST or None, initial={"version": entry.version})
    if request.method == "POST" and form.is_valid():
        try:
            ops.spend_delete(entry=entry, version=form.cleaned_data["version"])
        except ops.SpendChangedMeanwhile as changed:
            messages.error(request, str(changed))
            return redirect("hubs:spend_delete", slug=hub.slug, pk=entry.pk)
        messages.success(request, f"Spend entry deleted: {entry}.")
        return redirect(funding_url)
    context = page_context(request, hub, year, form=form, entry=entry)
    return render(request, "hubs/operations/spend_delete.html", context)


@login_required
def spend_receipt(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    hub = hub_in_scope(request, slug)
    entry = get_object_or_404(
        SpendEntry.objects.visible_to(request.user), pk=pk, allocation__hub=hub
    )
    if not entry.receipt:
        raise Http404
    content_type = mimetypes.guess_type(entry.receipt.name)[0] or "application/octet-stream"
    return FileResponse(entry.receipt.open("rb"), as_attachment=True, content_type=content_type)


@login_required
def action_plan(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    year = selected_year(request)
    priorities = (
        ActionPriority.objects.filter(hub=hub, academic_year=year)
        .annotate(spent=Sum("spend_entries__amount"), spend_count=Count("spend_entries"))
        .order_by("position", "id")
    )
    # The senior partner, who leads the hub, edits its action plan with its managers.
    context = page_context(
        request, hub, year, priorities=priorities, can_change=may_lead_hub(request.user, hub)
    )
    return render(request, "hubs/operations/action_plan.html", context)


@login_required
def priority_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    require_change_permission(may_lead_hub(request.user, hub))
    year = selected_year(request)
    priority = get_object_or_404(ActionPriority, hub=hub, pk=pk) if pk else None
    if priority:
        year = priority.academic_year
    instance = priority or ActionPriority(hub=hub, academic_year=year)
    form = PriorityForm(request.POST or None, instance=instance)
    plan_url = f"{reverse('hubs:action_plan', args=[hub.slug])}?year={year}"
    if request.method == "POST" and form.is_valid():
        try:
            form.save() if priority else create_once_for_form(request, form, form.save)
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, plan_url)
        messages.success(request, "Priority saved.")
        return redirect(plan_url)
    context = page_context(request, hub, year, form=form, priority=priority)
    return render(request, "hubs/operations/priority_form.html", context)


@login_required
def membership(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    year = selected_year(request)
    fees = MembershipFee.objects.filter(hub=hub, academic_year=year).select_related("school", "hub")
    table = FeeTable(fees, prefix="fees-", can_edit=may_set_funding(request.user))
    paginate(request, table, per_page=FEES_PER_PAGE)
    changes = MembershipChange.objects.filter(hub=hub).select_related("school", "to_hub")[:20]
    movements = membership_movements(movement_years(year), hub_ids=[hub.id])
    context = page_context(
        request,
        hub,
        year,
        fee_table=table,
        changes=changes,
        movements=movements,
        fees_form=FeesCreateForm(),
    )
    return render(request, "hubs/operations/membership.html", context)


@login_required
def membership_change_create(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug, change=True)
    form = MembershipChangeForm(request.POST or None, hub=hub)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def request_change() -> MembershipChange:
            # The service checks the model's constraints too (one pending change per school),
            # which the form leaves out because the school is not one of its fields.
            return ops.membership_change_request(
                kind=data["kind"],
                school=form.instance.school,
                hub=hub,
                to_hub=data["to_hub"],
                effective_on=data["effective_on"],
                note=data["note"],
                by=request.user,
            )

        try:
            create_once_for_form(request, form, request_change)
        except RepeatedSubmission as repeat:
            return repeated_response(request, repeat, reverse("hubs:membership", args=[hub.slug]))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Recorded; the central team will confirm it.")
            return redirect("hubs:membership", slug=hub.slug)
    context = page_context(request, hub, current_academic_year(), form=form)
    return render(request, "hubs/operations/membership_change_form.html", context)


@login_required
def membership_changes(request: HttpRequest) -> HttpResponse:
    require(may_confirm_membership_changes(request.user))
    pending = MembershipChange.objects.filter(status=MembershipChange.Status.PENDING)
    pending = pending.select_related("school", "hub", "to_hub", "requested_by")[:200]
    return render(request, "hubs/operations/membership_changes.html", {"pending": pending})


@login_required
@require_POST
def membership_change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require(may_confirm_membership_changes(request.user))
    change = get_object_or_404(MembershipChange, pk=pk)
    decide = ops.membership_change_confirm
    if request.POST.get("decision") == "reject":
        decide = ops.membership_change_reject
    try:
        change = decide(change=change, by=request.user)
    except ops.ChangeAlreadyDecided as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{change}: {change.get_status_display().lower()}.")
    return redirect("hubs:membership_changes")


@login_required
@require_POST
def fees_create(request: HttpRequest, slug: str) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    require_change_permission(may_set_funding(request.user))
    year = selected_year(request)
    membership_url = f"{reverse('hubs:membership', args=[hub.slug])}?year={year}"
    form = FeesCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form had expired; open the page again and set the fees.")
        return redirect(membership_url)
    try:
        created = create_once_for_form(
            request, form, lambda: ops.membership_fees_create(academic_year=year, hub=hub)
        )
    except RepeatedSubmission as repeat:
        return repeated_response(request, repeat, membership_url)
    messages.success(request, f"{created} fee(s) set from the fee bands.")
    return redirect(membership_url)


@login_required
def fee_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    hub = hub_in_scope(request, slug)
    fee = get_object_or_404(MembershipFee.objects.select_related("school"), hub=hub, pk=pk)
    require_change_permission(may_set_funding(request.user))
    form = FeeForm(request.POST or None, instance=fee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ops.membership_fee_update(fee=fee, invoiced_on=data["invoiced_on"], paid_on=data["paid_on"])
        messages.success(request, f"Fee for {fee.school.name} saved.")
        return redirect(f"{reverse('hubs:membership', args=[hub.slug])}?year={fee.academic_year}")
    context = page_context(request, hub, fee.academic_year, form=form, fee=fee)
    return render(request, "hubs/operations/fee_form.html", context)


IMPORT_TEMPLATES = {
    ImportRun.Kind.GIAS: "hubs/operations/gias_import.html",
    ImportRun.Kind.MEMBERSHIPS: "hubs/operations/membership_import.html",
}
RECENT_RUNS = 10


def run_import(request: HttpRequest, kind: str) -> HttpResponse:
    """An import page: the file is stored and its run queued; the page goes to the run's page."""
    require(may_import_data(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            run = import_run_start(
                kind=kind,
                file=file,
                dry_run=request.POST.get("action") != "import",
                user=request.user,
            )
        except UploadFailed as failure:
            form.add_error("file", str(failure))
        else:
            return redirect("hubs:import_run", pk=run.pk)
    recent = ImportRun.objects.filter(kind=kind).select_related("run_by")[:RECENT_RUNS]
    return render(request, IMPORT_TEMPLATES[kind], {"form": form, "recent": recent})


@login_required
def gias_import(request: HttpRequest) -> HttpResponse:
    return run_import(request, ImportRun.Kind.GIAS)


@login_required
def membership_import(request: HttpRequest) -> HttpResponse:
    return run_import(request, ImportRun.Kind.MEMBERSHIPS)


def import_run_in_scope(request: HttpRequest, pk: int) -> ImportRun:
    require(may_import_data(request.user))
    return get_object_or_404(ImportRun.objects.select_related("run_by"), pk=pk)


def may_apply(run: ImportRun) -> bool:
    """A finished dry run with no bad rows: its file can be imported as it is."""
    return (
        run.status == ImportRun.Status.DONE
        and run.dry_run
        and bool(run.result and run.result["ok"])
    )


@login_required
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A queued or running import's state (the page refreshes itself), then its report."""
    run = import_run_in_scope(request, pk)
    page_url, result_template = IMPORT_PAGES[run.kind]
    return render(
        request,
        "hubs/operations/import_run.html",
        {
            "run": run,
            "result": run.result,
            "page_url": reverse(page_url),
            "result_template": result_template,
            "rows_read": None if run.finished else import_progress(run.pk),
            "may_apply": may_apply(run),
        },
    )


@login_required
@require_POST
def import_run_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """After a clean dry run: import the same file, without a second upload."""
    checked = import_run_in_scope(request, pk)
    if not may_apply(checked):
        messages.error(request, "Only a finished dry run with no bad rows can be imported.")
        return redirect("hubs:import_run", pk=checked.pk)
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=checked.kind,
            file_name=checked.file_name,
            dry_run=False,
            run_by=request.user,
            status=ImportRun.Status.QUEUED,
            upload=checked.upload,
            options=checked.options,
        )
        import_run_queue(run)
    return redirect("hubs:import_run", pk=run.pk)


@login_required
@require_POST
def import_run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """A failed run is queued again, on the same file."""
    run = import_run_in_scope(request, pk)
    if run.status != ImportRun.Status.FAILED:
        messages.error(request, "Only a failed import can be tried again.")
    else:
        with transaction.atomic():
            import_run_queue(run)
        messages.success(request, "Queued again.")
    return redirect("hubs:import_run", pk=run.pk)
