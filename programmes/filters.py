import django_filters
from django import forms

from hubs.choices import Phase
from hubs.filters import HubNamesMixin, hub_name_filter
from hubs.years import academic_year_choices
from partnership.lib.forms import BootstrapFormMixin
from programmes.models import Cohort, Enrolment, Kind, Programme, Status


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


def _years() -> list[tuple]:
    return [("", "Any year"), *academic_year_choices()]


class CohortFilter(HubNamesMixin, django_filters.FilterSet):
    academic_year = django_filters.TypedChoiceFilter(
        choices=_years, coerce=int, label="Academic year"
    )
    hub = hub_name_filter()
    national = django_filters.BooleanFilter(
        field_name="hub",
        lookup_expr="isnull",
        label="National cohorts only",
        widget=forms.CheckboxInput,
        method="filter_national",
    )

    class Meta:
        model = Cohort
        fields = []
        form = FilterForm

    def filter_national(self, queryset, name, value):
        return queryset.filter(hub__isnull=True) if value else queryset


class EnrolmentFilter(HubNamesMixin, django_filters.FilterSet):
    school = django_filters.CharFilter(method="filter_school", label="School name or URN")
    programme = django_filters.ModelChoiceFilter(
        field_name="cohort__programme",
        queryset=Programme.objects.all(),
        label="Programme",
        empty_label="Any programme",
    )
    kind = django_filters.ChoiceFilter(
        field_name="cohort__programme__kind",
        choices=Kind.choices,
        label="Kind",
        empty_label="Any kind",
    )
    academic_year = django_filters.TypedChoiceFilter(
        field_name="cohort__academic_year",
        choices=_years,
        coerce=int,
        label="Academic year",
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    hub = hub_name_filter("school__hub__name")
    phase = django_filters.ChoiceFilter(
        field_name="school__phase", choices=Phase.choices, empty_label="Any phase"
    )

    class Meta:
        model = Enrolment
        fields = []
        form = FilterForm

    def filter_school(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(school__urn__startswith=value)
        return queryset.filter(school__name__icontains=value)
