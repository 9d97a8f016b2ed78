import django_filters
from django import forms

from hubs.choices import Phase
from hubs.filters import HubNamesMixin, hub_name_filter
from hubs.years import academic_year_choices
from partnership.lib.forms import BootstrapFormMixin
from reviews.models import Review, Reviewer


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class ReviewFilter(HubNamesMixin, django_filters.FilterSet):
    school = django_filters.CharFilter(method="filter_school", label="School name or URN")
    year = django_filters.TypedChoiceFilter(
        field_name="academic_year", choices=academic_year_choices, coerce=int, label="Year"
    )
    status = django_filters.ChoiceFilter(choices=Review.Status.choices)
    hub = hub_name_filter("school__hub__name")
    kind = django_filters.ChoiceFilter(choices=Review.Kind.choices)

    class Meta:
        model = Review
        fields = []
        form = FilterForm

    def filter_school(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(school__urn__startswith=value)
        return queryset.filter(school__name__icontains=value)


class ReviewerFilter(HubNamesMixin, django_filters.FilterSet):
    name = django_filters.CharFilter(
        field_name="user__full_name", lookup_expr="icontains", label="Name"
    )
    role = django_filters.ChoiceFilter(choices=Reviewer.Role.choices)
    phase = django_filters.ChoiceFilter(
        field_name="phases", lookup_expr="contains", choices=Phase.choices, method="filter_phase"
    )
    hub = hub_name_filter("school__hub__name")
    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = Reviewer
        fields = []
        form = FilterForm

    def filter_phase(self, queryset, name, value):
        return queryset.filter(phases__contains=[value])
