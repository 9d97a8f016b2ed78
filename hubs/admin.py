from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from hubs.models import Hub, Membership, School, SchoolContact, Trust
from hubs.services import school_sync_hub


@admin.register(Trust)
class TrustAdmin(SimpleHistoryAdmin):
    list_display = ["name", "reference", "school_count"]
    search_fields = ["name", "reference"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_count=Count("schools"))

    @admin.display(description="schools", ordering="school_count")
    def school_count(self, trust: Trust) -> int:
        return trust.school_count


@admin.register(Hub)
class HubAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "senior_partner", "lead_school", "school_count"]
    list_filter = ["region"]
    list_select_related = ["senior_partner", "lead_school"]
    search_fields = ["name", "slug", "senior_partner__full_name", "managers__full_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_school", "senior_partner", "managers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_count=Count("schools"))

    @admin.display(description="schools", ordering="school_count")
    def school_count(self, hub: Hub) -> int:
        return hub.school_count


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["hub", "joined_on", "left_on", "leave_reason"]
    autocomplete_fields = ["hub"]


class SchoolContactInline(admin.TabularInline):
    model = SchoolContact
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "urn",
        "phase",
        "governance",
        "region",
        "hub",
        "pupils_on_roll",
        "ofsted_summary",
        "is_open",
    ]
    list_filter = [
        "phase",
        "governance",
        "region",
        "ofsted_framework",
        "ofsted_grade",
        "is_open",
        "is_teaching_school",
        ("hub", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["hub"]
    search_fields = ["name", "urn", "postcode", "local_authority", "trust__name"]
    autocomplete_fields = ["trust"]
    readonly_fields = ["hub"]
    inlines = [MembershipInline, SchoolContactInline]
    show_full_result_count = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Memberships edited inline decide the school's hub.
        school_sync_hub(school=form.instance)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["school", "hub", "joined_on", "left_on", "leave_reason"]
    list_filter = ["leave_reason", "hub__region", ("left_on", admin.EmptyFieldListFilter)]
    list_select_related = ["school", "hub"]
    search_fields = ["school__name", "school__urn", "hub__name"]
    autocomplete_fields = ["school", "hub"]
    date_hierarchy = "joined_on"
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        previous_school_id = form.initial.get("school") if change else None
        super().save_model(request, obj, form, change)
        school_sync_hub(school=obj.school)
        if previous_school_id and previous_school_id != obj.school_id:
            school_sync_hub(school=School.objects.get(pk=previous_school_id))

    def delete_model(self, request, obj):
        school = obj.school
        super().delete_model(request, obj)
        school_sync_hub(school=school)

    def delete_queryset(self, request, queryset):
        school_ids = list(queryset.values_list("school_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        for school in School.objects.filter(pk__in=school_ids):
            school_sync_hub(school=school)


@admin.register(SchoolContact)
class SchoolContactAdmin(SimpleHistoryAdmin):
    list_display = ["user", "school", "is_headteacher"]
    list_filter = ["is_headteacher"]
    list_select_related = ["user", "school"]
    search_fields = ["user__full_name", "user__email", "school__name", "school__urn"]
    autocomplete_fields = ["user", "school"]


from hubs.operations import admin as operations_admin  # noqa: E402, F401  (registers them)
