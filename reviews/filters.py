import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from hubs.choices import Phase
from hubs.filters import HubNamesMixin, hub_name_filter
from hubs.years import academic_year_choices
from partnership.lib.forms import BootstrapFormMixin
from reviews.models import Review, Reviewer, ReviewKind


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class ReviewFilter(HubNamesMixin, django_filters.FilterSet):
    school = django_filters.CharFilter(method="filter_school", label="School name or URN")
    year = django_filters.TypedChoiceFilter(
        field_name="academic_year", choices=academic_year_choices, coerce=int, label="Year"
    )
    status = django_filters.ChoiceFilter(choices=Review.Status.choices)
    hub = hub_name_filter("school__hub__name")
    # By slug, so a link such as ?kind=annual reads as it did when kinds were choices.
    kind = django_filters.ModelChoiceFilter(queryset=ReviewKind.objects.all(), to_field_name="slug")

    class Meta:
        model = Review
        fields = []
        form = FilterForm

    def filter_school(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(school__urn__startswith=value)
        return queryset.filter(school__name__icontains=value)


YES_NO = [("yes", "Yes"), ("no", "No")]


class ReviewerFilter(HubNamesMixin, django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_search", label="Search name, email or school")
    role = django_filters.ChoiceFilter(choices=Reviewer.Role.choices, label="Accreditation")
    phase = django_filters.ChoiceFilter(
        field_name="phases",
        lookup_expr="contains",
        choices=Phase.choices,
        method="filter_phase",
        label="Phase of experience",
    )
    hub = hub_name_filter("school__hub__name")
    lapsed = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_lapsed", label="Training lapsed"
    )
    ofsted_experienced = django_filters.BooleanFilter(label="Ofsted-experienced")
    independent = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_independent", label="Independent"
    )
    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = Reviewer
        fields = []
        form = FilterForm

    def filter_phase(self, queryset, name, value):
        return queryset.filter(phases__contains=[value])

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(user__full_name__icontains=value)
            | Q(user__email__icontains=value)
            | Q(school__name__icontains=value)
        )

    def filter_lapsed(self, queryset, name, value):
        lapsed = queryset.lapsed(timezone.localdate())
        return lapsed if value == "yes" else queryset.exclude(pk__in=lapsed.values("pk"))

    def filter_independent(self, queryset, name, value):
        return queryset.filter(school__isnull=value == "yes")
