import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from brokering.models import SupportRequest
from brokering.templatetags.directory import offered_area_names
from hubs.models import School
from partnership.lib.tables import DateColumn


class SupportRequestTable(tables.Table):
    """The central team's queue; school contacts and hub staff see it without the tick boxes."""

    # A render method rather than a TemplateColumn, which would render a template for every row.
    select = tables.Column(accessor="pk", verbose_name="Select", orderable=False)
    reference = tables.Column(
        accessor="pk", verbose_name="Request", linkify=lambda record: record.get_absolute_url()
    )
    school = tables.Column(accessor="school__name", verbose_name="School")
    hub = tables.Column(accessor="hub__name", verbose_name="Hub", default="No hub")
    areas = tables.Column(accessor="pk", verbose_name="Practice areas", orderable=False)
    status = tables.Column()
    broker = tables.Column(accessor="broker__full_name", verbose_name="Broker", default="Nobody")
    submitted_at = tables.Column(verbose_name="Age")
    first_response_due = tables.Column(verbose_name="First response")
    target_date = DateColumn(verbose_name="Wanted by", format="j M Y")

    class Meta:
        model = SupportRequest
        fields = []
        sequence = [
            "select",
            "reference",
            "school",
            "hub",
            "areas",
            "status",
            "broker",
            "submitted_at",
            "first_response_due",
            "target_date",
        ]
        order_by = "-submitted_at"
        attrs = {"class": "table table-sm align-middle", "aria-label": "Support requests"}
        empty_text = "No support requests match."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Ages and overdue flags count from one today, read once for the page.
        self.today = timezone.localdate()

    def render_select(self, record):
        return format_html(
            '<input class="form-check-input" type="checkbox" name="selected" value="{}:{}"'
            ' form="bulk-assign" aria-label="Select {}">',
            record.pk,
            record.version,
            record.reference,
        )

    def render_reference(self, record):
        return record.reference

    def render_areas(self, record):
        return ", ".join(record.area_names)

    def render_status(self, record):
        return record.get_status_display()

    def render_submitted_at(self, record):
        days = record.age_days(self.today)
        return f"{days} day{'s' if days != 1 else ''}"

    def render_first_response_due(self, record):
        if record.first_responded_at:
            responded = date_format(timezone.localdate(record.first_responded_at))
            return format_html("Responded {}", responded)
        due = date_format(record.first_response_due)
        if record.is_overdue(self.today):
            return format_html('<span class="badge text-bg-danger">Overdue</span> was due {}', due)
        return format_html("Due {}", due)


class DirectoryTable(tables.Table):
    # Ticked schools go to the compare page: the boxes belong to the page's GET form.
    compare = tables.Column(accessor="urn", verbose_name="Compare", orderable=False)
    name = tables.Column(
        linkify=lambda record: reverse("brokering:directory_school", kwargs={"urn": record.urn})
    )
    urn = tables.Column(verbose_name="URN")
    phase = tables.Column()
    region = tables.Column()
    hub = tables.Column(accessor="hub__name", default="Not a member", verbose_name="Hub")
    ofsted = tables.Column(accessor="ofsted_grade", verbose_name="Ofsted")
    excellence = tables.Column(
        accessor="pk", verbose_name="Verified areas of excellence", orderable=False
    )

    class Meta:
        model = School
        fields = []
        sequence = ["compare", "name", "urn", "phase", "region", "hub", "ofsted", "excellence"]
        order_by = "name"
        attrs = {"class": "table table-sm align-middle", "aria-label": "Schools in the directory"}
        empty_text = "No schools match."

    def render_compare(self, record):
        return format_html(
            '<input class="form-check-input compare-tick" type="checkbox" name="urn" value="{}"'
            ' form="compare-form" aria-label="Compare {}">',
            record.urn,
            record.name,
        )

    def render_ofsted(self, record):
        return record.ofsted_summary

    def render_excellence(self, record):
        names = offered_area_names(record)
        if not names:
            return "None yet"
        return format_html_join(", ", "{}", ((name,) for name in names))
