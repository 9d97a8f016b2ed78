"""The schools list's filters (django-filter); every choice stays within the user's scope."""

import django_filters
from django import forms
from django.db.models import QuerySet

from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, Region
from hubs.models import Hub, School
from partnership.lib.forms import FixedChoices, QuickSelect


class HubChoicesMixin:
    """Offers a FilterSet's `hub` filter the hubs the user may see, as (id, name) pairs.

    Read as pairs, not a queryset of Hub objects: at national scale a ModelChoiceFilter built
    1,000 model instances (and counted them) for every view of a list.
    """

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        hubs = self.hubs_offered(getattr(request, "user", None))
        self.filters["hub"].extra["choices"] = FixedChoices(hubs.values_list("id", "name"))

    def hubs_offered(self, user) -> QuerySet[Hub]:
        return Hub.objects.visible_to(user) if user else Hub.objects.none()


class SchoolFilter(HubChoicesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name, URN or postcode",
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    hub = django_filters.ChoiceFilter(
        empty_label="Any hub",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    phase = django_filters.ChoiceFilter(
        choices=Phase.choices,
        empty_label="Any phase",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    governance = django_filters.ChoiceFilter(
        choices=Governance.choices,
        empty_label="Any governance",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices,
        empty_label="Any region",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    ofsted_framework = django_filters.ChoiceFilter(
        label="Ofsted framework",
        choices=OfstedFramework.choices,
        empty_label="Any framework",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    ofsted_grade = django_filters.ChoiceFilter(
        label="Ofsted grade (graded inspections)",
        choices=OfstedGrade.choices,
        empty_label="Any grade",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )

    class Meta:
        model = School
        fields = ["q", "hub", "phase", "governance", "region", "ofsted_framework", "ofsted_grade"]

    def search(self, queryset: QuerySet[School], name: str, value: str) -> QuerySet[School]:
        return queryset.search(value)
