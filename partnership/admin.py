from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from hubs.models import Hub, SchoolContact
from partnership.models import User
from partnership.privacy.erasure import erasure_problems, person_erase
from partnership.signin.second_factor import second_factor_reset


class ManagedHubInline(admin.TabularInline):
    model = Hub.managers.through
    extra = 0
    verbose_name = "hub this person manages"
    verbose_name_plural = "hubs this person manages"
    autocomplete_fields = ["hub"]


class SchoolContactInline(admin.TabularInline):
    model = SchoolContact
    extra = 0
    verbose_name = "school this person acts for"
    verbose_name_plural = "schools this person acts for"
    autocomplete_fields = ["school"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    ordering = ["full_name"]
    list_display = [
        "full_name",
        "email",
        "job_title",
        "is_central_team",
        "roles",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_central_team", "is_staff", "is_superuser", "is_active"]
    search_fields = ["full_name", "email", "job_title"]
    show_full_result_count = False
    inlines = [ManagedHubInline, SchoolContactInline]
    actions = ["reset_two_factor", "erase_personal_data"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title"]}),
        (
            "Access",
            {"fields": ["is_active", "is_central_team", "is_staff", "is_superuser", "groups"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        # Roles are read for the whole page at once, not one query per row.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("managed_hubs", "senior_partner_of", "school_contacts__school")
        )

    @admin.action(permissions=["change"], description="Reset two-factor sign-in (lost phone)")
    def reset_two_factor(self, request, queryset):
        """Remove the chosen people's authenticator apps and recovery codes.

        They sign in with their password next and set up their new phone; people whose role
        requires two-factor sign-in are sent to do so before anything else.
        """
        people = list(queryset)
        for person in people:
            second_factor_reset(user=person)
        self.message_user(
            request,
            f"Two-factor sign-in reset for {len(people)} "
            f"{'person' if len(people) == 1 else 'people'}: they set up a new phone next time.",
            messages.SUCCESS,
        )

    @admin.action(permissions=["change"], description="Erase personal data (people who have left)")
    def erase_personal_data(self, request, queryset):
        """After a confirmation page: replace the chosen people's names and emails everywhere.

        Their accounts stay, deactivated, as "A former user", so what they took part in keeps
        its shape; their sessions, second factor, form tokens and sign-in records go.
        """
        people = list(queryset.order_by("full_name"))
        refused = {
            person.pk: problems
            for person in people
            if (problems := erasure_problems(person=person, by=request.user))
        }
        if request.POST.get("confirm") == "yes":
            erased = [p for p in people if p.pk not in refused]
            for person in erased:
                person_erase(person=person, by=request.user)
            self.message_user(
                request,
                f"Personal data erased for {len(erased)} "
                f"{'person' if len(erased) == 1 else 'people'}; their records now show "
                "“A former user”.",
                messages.SUCCESS if erased else messages.WARNING,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data?",
            "opts": self.model._meta,
            "people": [(person, refused.get(person.pk, [])) for person in people],
            "erasable": len(people) - len(refused),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "erase_personal_data",
        }
        return TemplateResponse(request, "admin/partnership/user/erase_confirmation.html", context)

    @admin.display(description="roles in hubs and schools")
    def roles(self, user: User) -> str:
        roles = [f"Manages {hub.name}" for hub in user.managed_hubs.all()]
        roles += [f"Senior partner of {hub.name}" for hub in user.senior_partner_of.all()]
        roles += [f"Contact of {contact.school.name}" for contact in user.school_contacts.all()]
        return "; ".join(roles) or "—"
