from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from hubs.admin_history import HistoryAdmin
from hubs.choices import ReportCardArea, ReportCardGrade
from hubs.models import Hub, Membership, School, SchoolContact, Trust
from hubs.services import school_sync_hub


@admin.register(Trust)
class TrustAdmin(HistoryAdmin):
    list_display = ["name", "reference", "school_count"]
    search_fields = ["name", "reference"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_count=Count("schools"))

    @admin.display(description="schools", ordering="school_count")
    def school_count(self, trust: Trust) -> int:
        return trust.school_count


@admin.register(Hub)
class HubAdmin(HistoryAdmin):
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


REPORT_CARD = "ofsted_report_card"


def report_card_field(area: str) -> str:
    return f"report_card_{area}"


class SchoolAdminFormBase(forms.ModelForm):
    """The Ofsted report card as one grade per area instead of a JSON box.

    The JSON field stays, hidden, so the model sets and validates it as elsewhere; the area
    choices are what a person sees and changes.
    """

    # No Meta: the admin builds it with the model and the fields it shows.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[REPORT_CARD].widget = forms.HiddenInput()
        self.fields[REPORT_CARD].required = False
        for area, grade in (self.instance.ofsted_report_card or {}).items():
            if report_card_field(area) in self.fields:
                self.fields[report_card_field(area)].initial = grade

    def clean(self):
        cleaned = super().clean()
        cleaned[REPORT_CARD] = {
            area: cleaned[report_card_field(area)]
            for area in ReportCardArea.values
            if cleaned.get(report_card_field(area))
        }
        self.errors.pop(REPORT_CARD, None)  # rebuilt from the areas just above
        return cleaned

    def add_error(self, field, error):
        # The model speaks of the hidden JSON field; show its messages at the top of the form.
        if field == REPORT_CARD:
            field = None
        elif field is None and REPORT_CARD in getattr(error, "error_dict", {}):
            errors = dict(error.error_dict)
            super().add_error(None, errors.pop(REPORT_CARD))
            if not errors:
                return
            error = ValidationError(errors)
        super().add_error(field, error)


SchoolAdminForm = type(
    "SchoolAdminForm",
    (SchoolAdminFormBase,),
    {
        report_card_field(area.value): forms.ChoiceField(
            label=f"Report card: {area.label}",
            choices=[("", "Not graded"), *ReportCardGrade.choices],
            required=False,
        )
        for area in ReportCardArea
    },
)


@admin.register(School)
class SchoolAdmin(HistoryAdmin):
    form = SchoolAdminForm

    def get_fields(self, request, obj=None):
        # The report card's areas where the report card is, not at the end of the form.
        fields = super().get_fields(request, obj)
        areas = [name for name in fields if name.startswith("report_card_")]
        rest = [name for name in fields if name not in areas]
        at = rest.index(REPORT_CARD) + 1 if REPORT_CARD in rest else len(rest)
        return [*rest[:at], *areas, *rest[at:]]

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
class MembershipAdmin(HistoryAdmin):
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
class SchoolContactAdmin(HistoryAdmin):
    list_display = ["user", "school", "is_headteacher"]
    list_filter = ["is_headteacher"]
    list_select_related = ["user", "school"]
    search_fields = ["user__full_name", "user__email", "school__name", "school__urn"]
    autocomplete_fields = ["user", "school"]


from hubs.operations import admin as operations_admin  # noqa: E402, F401  (registers them)
