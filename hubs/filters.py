"""The schools list's filters (django-filter); every choice stays within the user's scope."""

import django_filters
from django import forms
from django.db.models import QuerySet

from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, Region
from hubs.models import Hub, School

# The id of the <datalist> of hub names (templates/includes/hub_names.html) a hub filter suggests.
HUB_NAMES_LIST = "hub-names"


def hub_name_filter(field_name: str = "hub__name", css: str = "") -> django_filters.CharFilter:
    """A filter on the hub's name, or part of it, in any case.

    Typed rather than chosen from a select: a national network has a thousand hubs, too many
    to scroll through or to write out as options on every view of a list. The browser suggests
    the names of the hubs the user may see (the filter set's `hub_names`) as they type.
    """
    return django_filters.CharFilter(
        field_name=field_name,
        lookup_expr="icontains",
        label="Hub",
        widget=forms.TextInput(attrs={"list": HUB_NAMES_LIST, "autocomplete": "off", "class": css}),
    )


class HubNamesMixin:
    """Gives a FilterSet `hub_names`: the names of the hubs the user may see, for suggestions.

    The list itself is scoped by the view's queryset, so a hub named here or not can only
    narrow what the user already sees.
    """

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        hubs = self.hubs_offered(getattr(request, "user", None))
        self.hub_names = hubs.order_by("name").values_list("name", flat=True)

    def hubs_offered(self, user) -> QuerySet[Hub]:
        return Hub.objects.visible_to(user) if user else Hub.objects.none()


class SchoolFilter(HubNamesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name, URN or postcode",
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    hub = hub_name_filter(css="form-control")
    phase = django_filters.ChoiceFilter(
        choices=Phase.choices,
        empty_label="Any phase",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    governance = django_filters.ChoiceFilter(
        choices=Governance.choices,
        empty_label="Any governance",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices,
        empty_label="Any region",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    ofsted_framework = django_filters.ChoiceFilter(
        label="Ofsted framework",
        choices=OfstedFramework.choices,
        empty_label="Any framework",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    ofsted_grade = django_filters.ChoiceFilter(
        label="Ofsted grade (graded inspections)",
        choices=OfstedGrade.choices,
        empty_label="Any grade",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = School
        fields = ["q", "hub", "phase", "governance", "region", "ofsted_framework", "ofsted_grade"]

    def search(self, queryset: QuerySet[School], name: str, value: str) -> QuerySet[School]:
        return queryset.search(value)
