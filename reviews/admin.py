"""Admin for every reviews model. Validation is the models' own clean(), so admin gives the same
messages as the pages (a blocked conflict, a publication without estimates, a busy reviewer)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import (
    AreaOfExcellence,
    EbiOutcome,
    Estimate,
    EstimateHeading,
    EvenBetterIf,
    Framework,
    Grade,
    HeadteacherFeedback,
    ImprovementAction,
    PracticeArea,
    ReportShare,
    Review,
    Reviewer,
    ReviewerFeedback,
    ReviewKind,
    ReviewStatusChange,
    Strength,
    TeamMember,
    Unavailability,
)


@admin.register(PracticeArea)
class PracticeAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class FrozenFrameworkMixin:
    """A framework a published review uses is shown read-only: copy it as a new version."""

    def framework_of(self, obj):
        return obj if isinstance(obj, Framework) else getattr(obj, "framework", None)

    def is_frozen(self, obj) -> bool:
        framework = self.framework_of(obj)
        return framework is not None and framework.is_frozen

    def has_change_permission(self, request, obj=None):
        return not self.is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.is_frozen(obj) and super().has_delete_permission(request, obj)


class FrozenInlineMixin(FrozenFrameworkMixin):
    def has_add_permission(self, request, obj=None):
        return not self.is_frozen(obj) and super().has_add_permission(request, obj)


class EstimateHeadingInline(FrozenInlineMixin, admin.TabularInline):
    model = EstimateHeading
    extra = 0


class GradeInline(FrozenInlineMixin, admin.TabularInline):
    model = Grade
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(FrozenFrameworkMixin, SimpleHistoryAdmin):
    list_display = ["name", "effective_from_year"]
    search_fields = ["name"]
    inlines = [EstimateHeadingInline, GradeInline]
    actions = ["copy_as_new_version"]

    @admin.action(description="Copy as a new version (to change a framework in use)")
    def copy_as_new_version(self, request, queryset):
        for framework in queryset:
            copy = framework.copy_as_new_version()
            self.message_user(request, f"{framework} copied as {copy}; change the copy.")


@admin.register(EstimateHeading)
class EstimateHeadingAdmin(FrozenFrameworkMixin, SimpleHistoryAdmin):
    list_display = ["title", "framework", "position"]
    list_filter = ["framework"]
    search_fields = ["title"]


@admin.register(Grade)
class GradeAdmin(FrozenFrameworkMixin, SimpleHistoryAdmin):
    list_display = ["label", "framework", "position"]
    list_filter = ["framework"]
    search_fields = ["label"]


@admin.register(ReviewKind)
class ReviewKindAdmin(SimpleHistoryAdmin):
    """Kinds of review and their rules: a new kind is added here, with no code."""

    list_display = [
        "name",
        "position",
        "needs_lead",
        "min_peers",
        "max_peers",
        "every_heading_estimated",
        "needs_strengths_and_ebis",
        "one_per_school_per_year",
        "single_day",
        "needs_scope",
    ]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "position"]}),
        ("The team", {"fields": ["needs_lead", "min_peers", "max_peers"]}),
        ("The report", {"fields": ["every_heading_estimated", "needs_strengths_and_ebis"]}),
        ("Scheduling", {"fields": ["one_per_school_per_year", "single_day", "needs_scope"]}),
    ]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["reviewer"]
    fields = ["reviewer", "role", "conflict_override_reason"]


class EstimateInline(admin.TabularInline):
    model = Estimate
    extra = 0


class StrengthInline(admin.TabularInline):
    model = Strength
    extra = 0


class EvenBetterIfInline(admin.TabularInline):
    model = EvenBetterIf
    extra = 0


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["school", "kind", "academic_year", "starts_on", "ends_on", "status"]
    list_filter = ["status", "kind", "academic_year", "framework"]
    search_fields = ["school__name", "school__urn"]
    list_select_related = ["school", "kind"]
    raw_id_fields = ["school"]
    readonly_fields = ["version", "published_on"]
    date_hierarchy = "starts_on"
    inlines = [TeamMemberInline, EstimateInline, StrengthInline, EvenBetterIfInline]

    def save_model(self, request, obj, form, change):
        previous = getattr(obj, "_loaded_status", "")
        super().save_model(request, obj, form, change)
        if previous != obj.status:
            ReviewStatusChange.objects.create(
                review=obj,
                from_status=previous or "",
                to_status=obj.status,
                changed_by=request.user,
                note="Changed in admin.",
            )

    def save_formset(self, request, form, formset, change):
        # An override reason entered in admin is the central team's override: record who.
        for member in formset.save(commit=False):
            if isinstance(member, TeamMember) and member.conflict_override_reason:
                member.overridden_by = request.user
            member.save()
        for gone in formset.deleted_objects:
            gone.delete()
        formset.save_m2m()


@admin.register(ReviewStatusChange)
class ReviewStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["review", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    search_fields = ["review__school__name", "note"]
    raw_id_fields = ["review"]
    list_select_related = ["review__school", "changed_by"]


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 0


@admin.register(Reviewer)
class ReviewerAdmin(SimpleHistoryAdmin):
    list_display = [
        "user",
        "school",
        "role",
        "trained_on",
        "refresher_due_on",
        "ofsted_experienced",
        "is_active",
    ]
    list_filter = [
        "role",
        "ofsted_experienced",
        "is_active",
        ("school", admin.EmptyFieldListFilter),
    ]
    search_fields = ["user__full_name", "user__email", "school__name"]
    raw_id_fields = ["user", "school"]
    list_select_related = ["user", "school"]
    inlines = [UnavailabilityInline]


@admin.register(Unavailability)
class UnavailabilityAdmin(SimpleHistoryAdmin):
    list_display = ["reviewer", "starts_on", "ends_on", "reason"]
    raw_id_fields = ["reviewer"]
    list_select_related = ["reviewer__user"]


@admin.register(ReviewerFeedback)
class ReviewerFeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["reviewer", "review", "given_as", "rating", "given_at"]
    list_filter = ["given_as"]
    raw_id_fields = ["review", "reviewer", "given_by"]
    list_select_related = ["reviewer__user", "review__school"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "owner", "due_on", "rag", "updated_at"]
    list_filter = ["rag"]
    raw_id_fields = ["ebi", "updated_by"]
    exclude = ["version"]


@admin.register(EbiOutcome)
class EbiOutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["ebi", "review", "outcome", "recorded_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["ebi", "review", "recorded_by"]


@admin.register(TeamMember)
class TeamMemberAdmin(SimpleHistoryAdmin):
    list_display = ["reviewer", "review", "role", "overridden_conflicts"]
    list_filter = ["role"]
    search_fields = ["reviewer__user__full_name", "review__school__name"]
    raw_id_fields = ["review", "reviewer"]
    readonly_fields = ["overridden_conflicts", "overridden_by"]
    list_select_related = ["reviewer__user", "review__school"]

    def save_model(self, request, obj, form, change):
        if obj.conflict_override_reason:
            obj.overridden_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Estimate)
class EstimateAdmin(SimpleHistoryAdmin):
    list_display = ["review", "heading", "grade"]
    list_filter = ["grade__label"]
    search_fields = ["review__school__name"]
    raw_id_fields = ["review"]
    list_select_related = ["review__school", "heading", "grade"]


@admin.register(Strength)
class StrengthAdmin(SimpleHistoryAdmin):
    list_display = ["review", "text"]
    search_fields = ["text", "review__school__name"]
    raw_id_fields = ["review"]
    list_select_related = ["review__school"]


@admin.register(EvenBetterIf)
class EvenBetterIfAdmin(SimpleHistoryAdmin):
    list_display = ["review", "text", "practice_area"]
    list_filter = ["practice_area"]
    search_fields = ["text", "review__school__name"]
    raw_id_fields = ["review"]
    list_select_related = ["review__school", "practice_area"]


@admin.register(AreaOfExcellence)
class AreaOfExcellenceAdmin(SimpleHistoryAdmin):
    list_display = ["school", "practice_area", "status", "verified_on", "expires_on"]
    list_filter = ["status", "practice_area"]
    search_fields = ["school__name", "school__urn", "description"]
    raw_id_fields = ["school", "review"]
    list_select_related = ["school", "practice_area"]


@admin.register(ReportShare)
class ReportShareAdmin(SimpleHistoryAdmin):
    list_display = ["review", "school", "shared_by", "shared_at"]
    search_fields = ["school__name", "review__school__name"]
    raw_id_fields = ["review", "school"]
    list_select_related = ["review__school", "school", "shared_by"]


@admin.register(HeadteacherFeedback)
class HeadteacherFeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["review", "impact_rating", "development_rating", "given_at"]
    list_filter = ["impact_rating", "development_rating"]
    search_fields = ["review__school__name", "comment"]
    raw_id_fields = ["review"]
    list_select_related = ["review__school"]
