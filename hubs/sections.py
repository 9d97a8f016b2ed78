"""What this app adds to pages (the dashboard, the navigation and the hub page) and to a
person's personal-data export."""

import datetime
import functools

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from hubs import dashboard
from hubs.access import scope_for
from hubs.models import ActionPriority, Hub, ImportRun, MembershipChange, SchoolContact, SpendEntry
from hubs.operations.queries import funding_summary
from hubs.permissions import (
    may_confirm_membership_changes,
    may_import_data,
    may_list_hubs,
    may_list_schools,
    may_read_hub,
    staffed_hub_ids,
)
from hubs.years import academic_year_label, academic_year_of, current_academic_year
from partnership.lib.digest import DigestBatch, absolute_url, first
from partnership.lib.sections import Page, section

# A digest names at most this many items of each kind.
DIGEST_ITEMS = 8


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    items = []
    if may_list_hubs(user):
        items.append(("Hubs", "hubs:list"))
    if may_list_schools(user):
        items.append(("Schools", "hubs:school_list"))
    if hub_ids := staffed_hub_ids(user):
        items.append(my_hubs_menu(hub_ids))
    data = []
    if may_confirm_membership_changes(user):
        data.append(("Membership changes", "hubs:membership_changes"))
    if may_import_data(user):
        data.append(("Import schools (GIAS)", "hubs:gias_import"))
        data.append(("Import memberships", "hubs:membership_import"))
    if data:
        items.append(("Network data", data))
    return items


def my_hubs_menu(hub_ids) -> tuple:
    """The hub's pages for its manager or senior partner; the hubs themselves for several."""
    hubs = list(Hub.objects.filter(pk__in=hub_ids).order_by("name").values_list("name", "slug"))
    if len(hubs) > 1:
        return ("My hubs", [(name, "hubs:detail", {"slug": slug}) for name, slug in hubs])
    slug = {"slug": hubs[0][1]}
    return (
        "My hub",
        [
            ("Overview", "hubs:detail", slug),
            ("Funding and spend", "hubs:funding", slug),
            ("Action plan", "hubs:action_plan", slug),
            ("Events", "events:hub_events", slug),
            ("Membership", "hubs:membership", slug),
        ],
    )


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user)


@section(Page.HUB_PAGE)
def hub_operations(user, hub) -> list[tuple[str, dict]]:
    """This year's allocation, spend and remaining by category; two queries."""
    if not may_read_hub(user, hub):
        return []
    year = current_academic_year()
    context = {
        "hub": hub,
        "year": year,
        "year_label": academic_year_label(year),
        "summary": funding_summary(hub, year),
    }
    return [("hubs/operations/section.html", context)]


@section(Page.PERSONAL_DATA)
def personal_data(user, person) -> list[tuple[str, list[dict]]]:
    """The person's roles in hubs and schools, now and as each recorded version had them."""
    hub_managers = Hub.history.model._meta.get_field("historicalhub_managers").related_model
    return [
        ("hub_manager_of", list(Hub.objects.filter(managers=person).values("name"))),
        (
            # Each recorded version of a hub that listed them as a manager, with its date.
            "hub_manager_history",
            list(
                hub_managers.objects.filter(user_id=person.pk)
                .order_by("history__history_date")
                .values(hub_name=F("history__name"), recorded_at=F("history__history_date"))
            ),
        ),
        ("senior_partner_of", list(Hub.objects.filter(senior_partner=person).values("name"))),
        (
            "senior_partner_history",
            list(
                Hub.history.filter(senior_partner_id=person.pk)
                .order_by("history_date")
                .values(hub_name=F("name"), recorded_at=F("history_date"))
            ),
        ),
        (
            "school_contact_of",
            list(
                SchoolContact.objects.filter(user=person).values(
                    "is_headteacher", school_name=F("school__name"), school_urn=F("school__urn")
                )
            ),
        ),
        (
            "school_contact_history",
            list(
                SchoolContact.history.filter(user_id=person.pk)
                .order_by("history_date")
                .values(
                    "is_headteacher",
                    "history_type",
                    school_name=F("school__name"),
                    recorded_at=F("history_date"),
                )
            ),
        ),
        (
            "spend_recorded",
            list(
                SpendEntry.objects.filter(recorded_by=person)
                .order_by("recorded_at")
                .values(
                    "id",
                    "spent_on",
                    "amount",
                    "description",
                    "recorded_at",
                    hub_name=F("allocation__hub__name"),
                )
            ),
        ),
        (
            "membership_changes_requested_or_decided",
            list(
                MembershipChange.objects.filter(Q(requested_by=person) | Q(decided_by=person))
                .order_by("requested_at")
                .values(
                    "id",
                    "kind",
                    "status",
                    "effective_on",
                    "note",
                    "requested_at",
                    "requested_by_id",
                    "decided_at",
                    "decided_by_id",
                    school_name=F("school__name"),
                )
            ),
        ),
        (
            "imports_run",
            list(
                ImportRun.objects.filter(run_by=person)
                .order_by("run_at")
                .values("kind", "file_name", "dry_run", "run_at")
            ),
        ),
    ]


def _off_track(batch: DigestBatch) -> dict[int, list]:
    """This year's red action-plan priorities of every hub the batch's people staff, by hub."""
    hub_ids = set().union(*(scope_for(user).hub_ids for user in batch.users))
    year = academic_year_of(batch.week.starts_on)
    by_hub: dict[int, list] = {}
    red = ActionPriority.objects.filter(
        hub_id__in=hub_ids, academic_year=year, status=ActionPriority.Status.RED
    ).select_related("hub")
    for priority in red:
        by_hub.setdefault(priority.hub_id, []).append(priority)
    return by_hub


def _priority_line(priority, *, year: int) -> tuple[str, str]:
    return (
        f"{priority.hub.name}: {priority.title} ({priority.owner})",
        absolute_url(reverse("hubs:action_plan", args=[priority.hub.slug]) + f"?year={year}"),
    )


def _failed_imports(batch: DigestBatch) -> list:
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(batch.week.past_start, datetime.time.min, zone)
    until = datetime.datetime.combine(batch.week.starts_on, datetime.time.min, zone)
    failed = ImportRun.objects.filter(run_at__gte=since, run_at__lt=until, bad_rows__gt=0)
    return list(failed.order_by("-run_at")[:DIGEST_ITEMS])


@section(Page.DIGEST)
def digest(user, batch: DigestBatch) -> list[tuple[str, list]]:
    """Hub staff: action-plan priorities off track this year. The central team: imports of the
    week past that had rows they could not read."""
    scope = scope_for(user)
    parts = []
    if scope.hub_ids:
        year = academic_year_of(batch.week.starts_on)
        by_hub = batch.once("hubs off track", _off_track)
        red = first(
            [p for hub in scope.hub_ids for p in by_hub.get(hub, [])],
            DIGEST_ITEMS,
            key=lambda p: (p.hub.name, p.position, p.pk),
        )
        lines = [batch.line(p, functools.partial(_priority_line, year=year)) for p in red]
        if lines:
            parts.append(("Action-plan priorities off track", lines))
    if scope.whole_network:
        lines = [
            (
                f"{run} on {timezone.localtime(run.run_at):%-d %b}: {run.bad_rows} rows not read",
                absolute_url(reverse("hubs:gias_import")),
            )
            for run in batch.once("hubs failed imports", _failed_imports)
        ]
        if lines:
            parts.append(("Imports with problems", lines))
    return parts
