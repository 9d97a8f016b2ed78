from django.contrib import admin

from hubs.admin_history import HistoryAdmin
from publicdata.models import (
    Designation,
    ExamResult,
    Inspection,
    NationalResult,
    SchoolLink,
)


@admin.register(Designation)
class DesignationAdmin(HistoryAdmin):
    list_display = ["kind", "school", "holder", "detail", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["school"]
    search_fields = ["school__name", "school__urn", "holder", "detail"]
    autocomplete_fields = ["school"]
    date_hierarchy = "starts_on"


@admin.register(SchoolLink)
class SchoolLinkAdmin(admin.ModelAdmin):
    list_display = ["predecessor_urn", "successor_urn", "link_type", "established_on"]
    list_filter = ["kind"]
    search_fields = ["predecessor_urn", "successor_urn"]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["inspection_number", "urn", "start_date", "framework", "overall"]
    list_filter = ["framework"]
    search_fields = ["=urn", "=inspection_number"]
    show_full_result_count = False


@admin.register(ExamResult)
class ExamResultAdmin(admin.ModelAdmin):
    list_display = ["urn", "academic_year", "measure", "value", "marker"]
    list_filter = ["measure", "academic_year"]
    search_fields = ["=urn"]
    show_full_result_count = False


@admin.register(NationalResult)
class NationalResultAdmin(admin.ModelAdmin):
    list_display = ["academic_year", "measure", "value", "marker"]
    list_filter = ["measure"]
