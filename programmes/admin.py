from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programmes.models import (
    Attendance,
    Cohort,
    Enrolment,
    Participant,
    Programme,
    Session,
    StatusChange,
)


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "name", "academic_year", "hub", "capacity", "capacity_unit"]
    list_filter = ["programme", "academic_year", "capacity_unit", "funding"]
    search_fields = ["name", "programme__name", "hub__name"]
    list_select_related = ["programme", "hub"]
    raw_id_fields = ["hub", "created_by"]
    readonly_fields = ["version"]
    inlines = [SessionInline]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["school", "cohort", "status", "applied_at"]
    list_filter = ["status", "cohort__programme", "cohort__academic_year"]
    search_fields = ["school__name", "school__urn", "cohort__name", "cohort__programme__name"]
    list_select_related = ["school", "cohort__programme"]
    raw_id_fields = ["cohort", "school", "applied_by"]
    readonly_fields = ["version"]
    date_hierarchy = "applied_at"
    inlines = [ParticipantInline, StatusChangeInline]


@admin.register(StatusChange)
class StatusChangeAdmin(SimpleHistoryAdmin):
    list_display = ["enrolment", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["enrolment__school__name", "note"]
    list_select_related = ["enrolment__school", "enrolment__cohort__programme", "by"]
    raw_id_fields = ["enrolment", "by"]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "role", "enrolment"]
    list_filter = ["role"]
    search_fields = ["full_name", "email", "enrolment__school__name"]
    list_select_related = ["enrolment__school", "enrolment__cohort__programme"]
    raw_id_fields = ["enrolment"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cohort", "held_on"]
    search_fields = ["title", "cohort__name", "cohort__programme__name"]
    list_select_related = ["cohort__programme"]
    raw_id_fields = ["cohort"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["participant", "session", "attended"]
    list_filter = ["attended"]
    list_select_related = ["participant", "session"]
    raw_id_fields = ["session", "participant", "recorded_by"]
