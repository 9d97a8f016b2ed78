from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from brokering.models import Engagement, Feedback, RequestEvent, SupportRequest


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    fields = ["at", "kind", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    can_delete = False


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0
    fields = ["provider", "status", "format", "starts_on", "ends_on"]
    raw_id_fields = ["provider"]


@admin.register(SupportRequest)
class SupportRequestAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "school",
        "hub",
        "status",
        "broker",
        "submitted_at",
        "first_response_due",
    ]
    list_filter = ["status", "source", "preferred_format", "practice_areas", "hub"]
    search_fields = ["school__name", "school__urn", "needed"]
    list_select_related = ["school", "hub", "broker"]
    raw_id_fields = ["school", "hub", "ebi", "raised_by"]
    readonly_fields = ["first_response_due", "first_responded_at", "version"]
    date_hierarchy = "submitted_at"
    inlines = [EngagementInline, RequestEventInline]


@admin.register(Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["request", "provider", "status", "format", "starts_on", "ends_on"]
    list_filter = ["status", "format"]
    search_fields = ["provider__name", "provider__urn", "request__school__name"]
    list_select_related = ["request__school", "provider"]
    raw_id_fields = ["request", "provider", "proposed_by", "responded_by"]


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["request", "quality_rating", "service_rating", "given_at"]
    list_filter = ["quality_rating", "service_rating"]
    search_fields = ["request__school__name", "comment"]
    list_select_related = ["request__school"]
    raw_id_fields = ["request", "given_by"]


@admin.register(RequestEvent)
class RequestEventAdmin(SimpleHistoryAdmin):
    list_display = ["request", "kind", "from_status", "to_status", "by", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["request__school__name", "note"]
    list_select_related = ["request__school", "by"]
    raw_id_fields = ["request", "by"]
