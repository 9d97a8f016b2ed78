from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html

from hubs.choices import Phase
from partnership.lib.tables import DateColumn
from reviews.models import Review, Reviewer


class ReviewTable(tables.Table):
    school = tables.Column(
        accessor="school__name",
        verbose_name="School",
        linkify=lambda record: record.get_absolute_url(),
    )
    hub = tables.Column(accessor="school__hub__name", verbose_name="Hub", default="No hub")
    kind = tables.Column()
    academic_year = tables.Column(verbose_name="Year")
    starts_on = DateColumn(verbose_name="Starts", format="j M Y")
    ends_on = DateColumn(verbose_name="Ends", format="j M Y")
    status = tables.Column()

    class Meta:
        model = Review
        fields = []
        sequence = ["school", "hub", "kind", "academic_year", "starts_on", "ends_on", "status"]
        order_by = "-starts_on"
        attrs = {"class": "table table-sm align-middle", "aria-label": "QA reviews"}
        empty_text = "No reviews match."

    def render_kind(self, record):
        if record.spotlight_scope:
            return f"{record.get_kind_display()}: {record.spotlight_scope}"
        return record.get_kind_display()

    def render_academic_year(self, record):
        return record.academic_year_label

    def render_status(self, record):
        if record.is_overdue:
            return format_html(
                '{} <span class="badge text-bg-danger">Report overdue</span>',
                record.get_status_display(),
            )
        return record.get_status_display()


class ReviewerTable(tables.Table):
    name = tables.Column(
        accessor="user__full_name",
        verbose_name="Reviewer",
        linkify=lambda record: reverse("reviews:reviewer", args=[record.pk]),
    )
    email = tables.Column(accessor="user__email", verbose_name="Email", visible=False)
    school = tables.Column(accessor="school__name", verbose_name="School", default="Independent")
    hub = tables.Column(accessor="school__hub__name", verbose_name="Hub", default="No hub")
    role = tables.Column(verbose_name="Accreditation")
    trained_on = DateColumn(verbose_name="Trained", format="j M Y", default="Not yet")
    refresher_due_on = DateColumn(verbose_name="Refresher due", format="j M Y", default="—")
    ofsted_experienced = tables.BooleanColumn(verbose_name="Ofsted-experienced", yesno="Yes,No")
    phases = tables.Column(verbose_name="Phases of experience", orderable=False)
    reviews_done = tables.Column(verbose_name="Reviews done")
    last_review_on = DateColumn(verbose_name="Last review", format="M Y", default="None")
    is_active = tables.BooleanColumn(verbose_name="Active", yesno="Yes,No")

    class Meta:
        model = Reviewer
        fields = []
        sequence = [
            "name",
            "email",
            "school",
            "hub",
            "role",
            "trained_on",
            "refresher_due_on",
            "ofsted_experienced",
            "phases",
            "reviews_done",
            "last_review_on",
            "is_active",
        ]
        order_by = "name"
        attrs = {"class": "table table-sm align-middle", "aria-label": "Reviewer register"}
        empty_text = "No reviewers match."

    def render_role(self, record):
        return record.get_role_display()

    def render_refresher_due_on(self, record, value):
        if record.training_lapsed:
            return format_html(
                '{} <span class="badge text-bg-warning">Lapsed</span>',
                dateformat.format(value, "j M Y"),
            )
        return dateformat.format(value, "j M Y")

    def render_phases(self, record):
        return ", ".join(Phase(p).label for p in record.phases) or "—"

    # The CSV carries plain words, without the page's badges.
    def value_role(self, record):
        return record.get_role_display()

    def value_phases(self, record):
        return ", ".join(Phase(p).label for p in record.phases)


class CoverageTable(tables.Table):
    caption = "Member schools due a review"

    name = tables.Column(verbose_name="School", linkify=lambda record: record.get_absolute_url())
    urn = tables.Column("URN")
    hub = tables.Column(order_by=("hub__name",))
    last_published_on = DateColumn("Last published review", default="None")
    reviewed_this_year = tables.BooleanColumn("Review this year", yesno="Yes,No")
    schedule = tables.Column("", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        empty_text = "Every member school has a review this year and a recent report."
        attrs = {"class": "table table-sm table-hover align-middle"}

    def __init__(self, *args, may_schedule: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_schedule = may_schedule

    def render_schedule(self, record) -> str:
        if not self.may_schedule:
            return "Ask the central team"
        url = reverse("reviews:create") + "?" + urlencode({"school": record.urn})
        return format_html(
            '<a href="{}">Schedule a review<span class="visually-hidden"> of {}</span></a>',
            url,
            record.name,
        )
