"""Tables of hubs and schools (django-tables2), shared by the lists, hub page and dashboard."""

import django_tables2 as tables
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from hubs.choices import OfstedFramework
from hubs.models import Hub, School

NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def hubs_for_table(hubs: QuerySet[Hub]) -> QuerySet[Hub]:
    """Hubs with their number of schools and pupils, counted in the same query as the rows.

    Subqueries rather than a join and GROUP BY: the paginator's COUNT then drops them, and
    the database totals only the hubs on the page shown.
    """
    schools = School.objects.filter(hub=OuterRef("pk")).order_by().values("hub")
    return hubs.select_related("senior_partner").annotate(
        school_count=Coalesce(Subquery(schools.annotate(n=Count("id")).values("n")), 0),
        pupils=Subquery(schools.annotate(n=Sum("pupils_on_roll")).values("n")),
    )


def ofsted_summary(school: School) -> str:
    """The latest Ofsted outcome in its own framework's words, with the year of inspection."""
    year = f", {school.ofsted_inspection_date.year}" if school.ofsted_inspection_date else ""
    if school.ofsted_framework == OfstedFramework.GRADED_2019:
        return f"{school.get_ofsted_grade_display() or 'Graded'} (graded inspection{year})"
    if school.ofsted_framework == OfstedFramework.REPORT_CARD_2025:
        return f"Report card{year}"
    return "Not inspected"


class HubTable(tables.Table):
    caption = "Hubs"

    name = tables.Column(linkify=True, verbose_name="Hub")
    region = tables.Column()
    senior_partner = tables.Column(default="None named")
    school_count = tables.Column("Schools", attrs=NUMBER)
    pupils = tables.Column("Pupils", attrs=NUMBER, default=0)

    class Meta:
        model = Hub
        fields = ["name", "region", "senior_partner", "school_count", "pupils"]
        empty_text = "No hubs."
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_pupils(self, value) -> str:
        return f"{value:,}"

    def order_pupils(self, queryset, is_descending):
        # Hubs without schools have no total; keep them last either way.
        order = F("pupils").desc(nulls_last=True) if is_descending else F("pupils").asc()
        return queryset.order_by(order, "name"), True


class SchoolTable(tables.Table):
    caption = "Schools"

    name = tables.Column(linkify=True, verbose_name="School")
    urn = tables.Column("URN")
    phase = tables.Column()
    governance = tables.Column()
    hub = tables.Column(default="Not in a hub", order_by=("hub__name",))
    region = tables.Column()
    pupils_on_roll = tables.Column("Pupils", attrs=NUMBER)
    # Grades from different frameworks are never ranked against each other, so no sorting here.
    ofsted = tables.Column("Ofsted", empty_values=(), orderable=False)

    class Meta:
        model = School
        fields = [
            "name",
            "urn",
            "phase",
            "governance",
            "hub",
            "region",
            "pupils_on_roll",
            "ofsted",
        ]
        empty_text = "No schools match."
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_ofsted(self, record: School) -> str:
        return ofsted_summary(record)

    def value_ofsted(self, record: School) -> str:
        return ofsted_summary(record)

    def order_pupils_on_roll(self, queryset, is_descending):
        field = F("pupils_on_roll")
        order = field.desc(nulls_last=True) if is_descending else field.asc(nulls_last=True)
        return queryset.order_by(order, "name"), True


class PartnerSchoolTable(SchoolTable):
    """A hub's schools as its schools' contacts see them: no links to profiles they cannot open."""

    name = tables.Column(verbose_name="School")
