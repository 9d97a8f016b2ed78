import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef
from django.utils import timezone

from brokering import permissions
from brokering.forms import central_team_users
from brokering.models import ENDED_STATUSES, Status, SupportRequest
from hubs.choices import OfstedGrade, Phase, Region
from hubs.filters import HubNamesMixin, hub_name_filter
from hubs.models import Hub, School
from partnership.lib.forms import BootstrapFormMixin
from reviews.models import AreaOfExcellence, PracticeArea

YES = [("yes", "Yes")]


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


# Must match the expression index in migration 0002, or the search cannot use it.
AOE_SEARCH_VECTOR = SearchVector("description", config="english")


class SupportRequestFilter(HubNamesMixin, django_filters.FilterSet):
    school = django_filters.CharFilter(method="filter_school", label="School name or URN")
    status = django_filters.ChoiceFilter(choices=Status.choices)
    area = django_filters.ModelChoiceFilter(
        field_name="practice_areas", queryset=PracticeArea.objects.all(), label="Practice area"
    )
    hub = hub_name_filter()
    phase = django_filters.ChoiceFilter(field_name="school__phase", choices=Phase.choices)
    region = django_filters.ChoiceFilter(field_name="school__region", choices=Region.choices)
    broker = django_filters.ModelChoiceFilter(
        queryset=central_team_users(), label="Assigned broker"
    )
    overdue = django_filters.ChoiceFilter(
        choices=YES, method="filter_overdue", label="Overdue first response"
    )
    mine = django_filters.ChoiceFilter(choices=YES, method="filter_mine", label="Assigned to me")
    # Read in filter_queryset: unticked (the default) leaves ended requests out.
    closed = django_filters.BooleanFilter(
        method="keep",
        label="Include closed, declined and withdrawn",
        widget=forms.CheckboxInput,
    )

    BROKER_ONLY = ("broker", "mine")

    class Meta:
        model = SupportRequest
        fields = []
        form = FilterForm

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not permissions.sees_broker_filters(user):
            for name in self.BROKER_ONLY:
                del self.filters[name]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        # A status asked for by name is shown whatever it is.
        if not data.get("closed") and not data.get("status"):
            queryset = queryset.exclude(status__in=ENDED_STATUSES)
        return queryset

    def keep(self, queryset, name, value):
        return queryset

    def filter_school(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(school__urn__startswith=value)
        return queryset.filter(school__name__icontains=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value == "yes" else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(broker_id=self.request.user.pk) if value == "yes" else queryset


class DirectoryFilter(HubNamesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Name, URN or postcode")
    hub = hub_name_filter()
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    region = django_filters.ChoiceFilter(choices=Region.choices)
    ofsted_grade = django_filters.ChoiceFilter(choices=OfstedGrade.choices, label="Ofsted grade")
    area = django_filters.ModelChoiceFilter(
        queryset=PracticeArea.objects.filter(is_active=True),
        method="filter_area",
        label="Verified area of excellence",
    )
    excellence = django_filters.CharFilter(
        method="filter_excellence", label="Words in an area of excellence"
    )

    class Meta:
        model = School
        fields = []
        form = FilterForm

    def hubs_offered(self, user):
        # The directory is the whole network's, whoever searches it.
        return Hub.objects.all()

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_area(self, queryset, name, value):
        offered = AreaOfExcellence.objects.offered().filter(
            school_id=OuterRef("pk"), practice_area=value
        )
        return queryset.filter(Exists(offered))

    def filter_excellence(self, queryset, name, value):
        if not value.strip():
            return queryset
        matching = (
            AreaOfExcellence.objects.offered()
            .annotate(search=AOE_SEARCH_VECTOR)
            .filter(
                school_id=OuterRef("pk"),
                search=SearchQuery(value, config="english", search_type="websearch"),
            )
        )
        return queryset.filter(Exists(matching))
