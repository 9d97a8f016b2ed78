"""Admin for hub operations: funding, spend, action plans, fees."""

from django.contrib import admin

from hubs.admin_history import HistoryAdmin
from hubs.models import (
    ActionPriority,
    FeeBand,
    FundingAllocation,
    ImportRun,
    MembershipChange,
    MembershipFee,
    SpendEntry,
)


@admin.register(FundingAllocation)
class FundingAllocationAdmin(HistoryAdmin):
    list_display = ["hub", "academic_year", "amount"]
    list_filter = ["academic_year", "hub__region"]
    list_select_related = ["hub"]
    search_fields = ["hub__name"]
    autocomplete_fields = ["hub"]


@admin.register(SpendEntry)
class SpendEntryAdmin(HistoryAdmin):
    list_display = ["spent_on", "allocation", "category", "amount", "description", "overspend"]
    list_filter = ["overspend", "category", "allocation__academic_year"]
    list_select_related = ["allocation__hub"]
    search_fields = ["description", "allocation__hub__name"]
    raw_id_fields = ["allocation", "priority", "recorded_by"]
    readonly_fields = ["overspend", "recorded_at"]
    date_hierarchy = "spent_on"


@admin.register(ActionPriority)
class ActionPriorityAdmin(HistoryAdmin):
    list_display = ["title", "hub", "academic_year", "owner", "status"]
    list_filter = ["status", "academic_year"]
    list_select_related = ["hub"]
    search_fields = ["title", "owner", "hub__name"]
    autocomplete_fields = ["hub"]


@admin.register(FeeBand)
class FeeBandAdmin(HistoryAdmin):
    list_display = ["academic_year", "phase", "min_pupils", "max_pupils", "fee"]
    list_filter = ["academic_year", "phase"]
    search_fields = ["academic_year"]


@admin.register(MembershipFee)
class MembershipFeeAdmin(HistoryAdmin):
    list_display = ["school", "hub", "academic_year", "amount", "invoiced_on", "paid_on"]
    list_filter = ["academic_year", "hub__region"]
    list_select_related = ["school", "hub"]
    search_fields = ["school__name", "school__urn", "hub__name"]
    autocomplete_fields = ["school", "hub"]
    raw_id_fields = ["band"]


@admin.register(MembershipChange)
class MembershipChangeAdmin(HistoryAdmin):
    list_display = ["school", "kind", "hub", "to_hub", "effective_on", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["school", "hub", "to_hub"]
    search_fields = ["school__name", "school__urn", "hub__name"]
    autocomplete_fields = ["school", "hub", "to_hub"]
    raw_id_fields = ["requested_by", "decided_by"]
    readonly_fields = ["status", "decided_by", "decided_at"]


@admin.register(ImportRun)
class ImportRunAdmin(HistoryAdmin):
    list_display = ["run_at", "kind", "file_name", "dry_run", "created", "changed", "unchanged"]
    list_filter = ["kind", "dry_run"]
    search_fields = ["file_name"]
    raw_id_fields = ["run_by"]
