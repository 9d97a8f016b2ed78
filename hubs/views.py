"""Hubs and schools: lists, the hub page, the school profile and editing a school's details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin, SingleTableView

from hubs.access import require_change_permission
from hubs.choices import ReportCardArea, ReportCardGrade
from hubs.figures import hub_figures
from hubs.filters import SchoolFilter
from hubs.forms import SchoolForm
from hubs.models import Hub, School
from hubs.permissions import may_edit_school, may_read_hub, may_read_hub_page
from hubs.services import school_update
from hubs.tables import HubTable, PartnerSchoolTable, SchoolTable, hubs_for_table
from hubs.years import current_academic_year
from partnership.lib.exports import CsvExportMixin
from partnership.lib.sections import Page, sections_for
from partnership.lib.tables import ROWS_PER_PAGE, paginate


class HubListView(LoginRequiredMixin, SingleTableView):
    table_class = HubTable
    table_pagination = {"per_page": ROWS_PER_PAGE}
    template_name = "hubs/hub_list.html"

    def get_queryset(self):
        return hubs_for_table(Hub.objects.visible_to(self.request.user))


hub_list = HubListView.as_view()


@login_required
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    hub = get_object_or_404(
        Hub.objects.pages_visible_to(request.user).select_related("senior_partner", "lead_school"),
        slug=slug,
    )
    # Hub staff read its operations; a contact of one of its schools reads the page only.
    staff = may_read_hub(request.user, hub)
    schools, membership = hub_figures([hub.pk], current_academic_year(timezone.localdate()))
    table = (SchoolTable if staff else PartnerSchoolTable)(
        School.objects.filter(hub=hub).for_table(), exclude=["hub", "region"]
    )
    paginate(request, table)
    context = {
        "hub": hub,
        "is_hub_staff": staff,
        "managers": hub.managers.all(),
        "school_figures": schools,
        "membership_figures": membership,
        "table": table,
        "sections": sections_for(Page.HUB_PAGE, request.user, hub),
    }
    return render(request, "hubs/hub_detail.html", context)


class SchoolListView(LoginRequiredMixin, CsvExportMixin, SingleTableMixin, FilterView):
    """Schools in the user's scope; the table paginates, so the view must not (one COUNT only)."""

    table_class = SchoolTable
    filterset_class = SchoolFilter
    table_pagination = {"per_page": ROWS_PER_PAGE}
    template_name = "hubs/school_list.html"
    export_name = "schools"

    def get_queryset(self):
        return School.objects.visible_to(self.request.user).for_table()


school_list = SchoolListView.as_view()


@login_required
def school_detail(request: HttpRequest, urn: str) -> HttpResponse:
    school = get_object_or_404(
        School.objects.visible_to(request.user).select_related("hub", "trust"), urn=urn
    )
    grades = dict(ReportCardGrade.choices)
    report_card = [
        (label, grades.get(school.ofsted_report_card.get(area), "Not graded"))
        for area, label in ReportCardArea.choices
        if area in (school.ofsted_report_card or {})
    ]
    context = {
        "school": school,
        "report_card": report_card,
        # Each hub the school has belonged to, linked for those who may read its page.
        "memberships": [
            (membership, may_read_hub_page(request.user, membership.hub))
            for membership in school.memberships.select_related("hub")
        ],
        "may_read_hub": may_read_hub_page(request.user, school.hub),
        "can_edit": may_edit_school(request.user, school),
        "sections": sections_for(Page.SCHOOL_PROFILE, request.user, school),
    }
    return render(request, "hubs/school_detail.html", context)


@login_required
def school_edit(request: HttpRequest, urn: str) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), urn=urn)
    require_change_permission(may_edit_school(request.user, school))
    name = school.name  # as saved: the form writes the submitted values onto the instance
    form = SchoolForm(request.POST or None, instance=school)
    conflict = None
    if form.is_valid():
        try:
            school_update(school=form.instance, fingerprint=form.cleaned_data["fingerprint"])
        except ValidationError as error:
            # Show the other person's version to edit again; never save over it.
            conflict = error.messages
            form = SchoolForm(instance=School.objects.get(pk=school.pk))
        else:
            messages.success(request, f"Saved the details of {school.name}.")
            return redirect(school)
    context = {"name": name, "form": form, "conflict": conflict}
    return render(request, "hubs/school_form.html", context)
