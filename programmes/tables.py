import django_tables2 as tables
from django.utils.html import format_html

from partnership.lib.tables import DateColumn
from programmes.models import Cohort, Enrolment, Programme


class ProgrammeTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    kind = tables.Column()
    cohorts_this_year = tables.Column(verbose_name="Cohorts this year", orderable=False)

    class Meta:
        model = Programme
        fields = []
        sequence = ["name", "kind", "cohorts_this_year"]
        order_by = "name"
        attrs = {"class": "table table-sm align-middle"}
        empty_text = "No programmes yet."
        caption = "Programmes"

    def render_kind(self, record):
        return record.get_kind_display()


class CohortTable(tables.Table):
    name = tables.Column(verbose_name="Cohort", linkify=lambda record: record.get_absolute_url())
    academic_year = tables.Column(verbose_name="Year")
    hub = tables.Column(accessor="hub__name", verbose_name="Hub", default="National")
    starts_on = DateColumn(verbose_name="Starts")
    applications_close_on = DateColumn(verbose_name="Applications close", default="At the start")
    places = tables.Column(accessor="places_taken", verbose_name="Places taken")
    waitlisted_count = tables.Column(verbose_name="Waitlist")

    class Meta:
        model = Cohort
        fields = []
        sequence = [
            "name",
            "academic_year",
            "hub",
            "starts_on",
            "applications_close_on",
            "places",
            "waitlisted_count",
        ]
        order_by = ("-academic_year", "starts_on")
        attrs = {"class": "table table-sm align-middle"}
        empty_text = "No cohorts match."
        caption = "Cohorts"

    def render_academic_year(self, record):
        return record.year_label

    def render_places(self, record):
        unit = record.get_capacity_unit_display().lower()
        return f"{record.places_taken} of {record.capacity} {unit}"

    def value_places(self, record):
        return record.places_taken


class EnrolmentTable(tables.Table):
    school = tables.Column(
        accessor="school__name",
        verbose_name="School",
        linkify=lambda record: record.get_absolute_url(),
    )
    urn = tables.Column(accessor="school__urn", verbose_name="URN")
    programme = tables.Column(accessor="cohort__programme__name", verbose_name="Programme")
    cohort = tables.Column(accessor="cohort__name", verbose_name="Cohort")
    year = tables.Column(accessor="cohort__academic_year", verbose_name="Year")
    status = tables.Column()
    participant_count = tables.Column(verbose_name="Participants")
    applied_at = DateColumn(verbose_name="Applied")
    pupils_reached = tables.Column(verbose_name="Pupils reached", default="")
    teachers_reached = tables.Column(verbose_name="Teachers reached", default="")
    schools_reached = tables.Column(verbose_name="Schools reached", default="")

    class Meta:
        model = Enrolment
        fields = []
        sequence = [
            "school",
            "urn",
            "programme",
            "cohort",
            "year",
            "status",
            "participant_count",
            "applied_at",
            "pupils_reached",
            "teachers_reached",
            "schools_reached",
        ]
        order_by = "-applied_at"
        attrs = {"class": "table table-sm align-middle"}
        empty_text = "No enrolments match."
        caption = "Enrolments"

    def render_year(self, record):
        return record.cohort.year_label

    def render_status(self, record):
        label = record.get_status_display()
        position = getattr(record, "waitlist_position", None)
        if position:
            return format_html("{} (number {} on the waitlist)", label, position)
        return label

    def value_status(self, record):
        return record.get_status_display()


class CohortEnrolmentTable(EnrolmentTable):
    """A cohort's own enrolments: its programme and cohort go without saying."""

    class Meta(EnrolmentTable.Meta):
        exclude = ["programme", "cohort", "year"]
        order_by = "applied_at"
