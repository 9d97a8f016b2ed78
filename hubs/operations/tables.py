"""Tables for hub operations pages."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from hubs.models import MembershipFee, SpendEntry


class SpendTable(tables.Table):
    amount = tables.Column(attrs={"td": {"class": "text-end"}})
    overspend = tables.Column(verbose_name="Flag")
    receipt = tables.Column(orderable=False)
    # Free text: a long unbroken word breaks inside its cell (overflow-wrap alone does not narrow
    # a table column).
    description = tables.Column(attrs={"td": {"class": "text-break"}})
    actions = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        model = SpendEntry
        fields = ["spent_on", "amount", "category", "description", "priority", "receipt"]
        sequence = [*fields, "overspend", "actions"]
        attrs = {"class": "table table-sm", "aria-label": "Spend entries"}
        empty_text = "No spend recorded for this year."

    def __init__(self, *args, can_change: bool = False, **kwargs):
        if not can_change:
            kwargs["exclude"] = ["actions"]
        super().__init__(*args, **kwargs)

    def render_actions(self, record):
        args = [record.allocation.hub.slug, record.pk]
        return format_html(
            '<a href="{}">Edit<span class="visually-hidden"> {}</span></a> · '
            '<a href="{}">Delete<span class="visually-hidden"> {}</span></a>',
            reverse("hubs:spend_edit", args=args),
            record.description,
            reverse("hubs:spend_delete", args=args),
            record.description,
        )

    def render_amount(self, value):
        return f"£{value:,.2f}"

    def render_overspend(self, value):
        return "Over allocation: flagged to the central team" if value else "—"

    def render_receipt(self, value, record):
        url = reverse("hubs:spend_receipt", args=[record.allocation.hub.slug, record.pk])
        return format_html('<a href="{}">Download receipt</a>', url)


class FeeTable(tables.Table):
    school = tables.Column(accessor="school__name", verbose_name="School")
    urn = tables.Column(accessor="school__urn", verbose_name="URN")
    amount = tables.Column(attrs={"td": {"class": "text-end"}})
    status = tables.Column(empty_values=(), orderable=False)
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        model = MembershipFee
        fields = ["school", "urn", "amount", "invoiced_on", "paid_on", "status"]
        attrs = {"class": "table table-sm", "aria-label": "Membership fees"}
        empty_text = "No fees set for this year."

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        if not can_edit:
            kwargs["exclude"] = ["edit"]
        super().__init__(*args, **kwargs)

    def render_amount(self, value):
        return f"£{value:,.2f}"

    def render_status(self, record):
        return record.status

    def render_edit(self, record):
        url = reverse("hubs:fee_edit", args=[record.hub.slug, record.pk])
        return format_html(
            '<a href="{}">Record invoice or payment'
            '<span class="visually-hidden"> for {}</span></a>',
            url,
            record.school.name,
        )
