"""Tables of the network report's figures; each has a prefix, used to export it as CSV."""

import django_tables2 as tables

from hubs.years import academic_year_label
from partnership.lib.tables import DateColumn
from partnership.reports.figures import Report

NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def money(value) -> str:
    return f"£{value:,.2f}"


class FigureTable(tables.Table):
    """A table of plain rows (dicts) with a caption for screen readers."""

    caption = ""

    class Meta:
        attrs = {"class": "table table-sm"}
        orderable = False
        empty_text = "Nothing for this year."

    def __init__(self, *args, caption: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption or self.caption


class HeadlineTable(FigureTable):
    measure = tables.Column()
    value = tables.Column(attrs=NUMBER)


class PhaseTable(FigureTable):
    label = tables.Column("Phase")
    schools = tables.Column(attrs=NUMBER)
    percent = tables.Column("%", attrs=NUMBER)


class GovernanceTable(PhaseTable):
    label = tables.Column("Governance")


class GrowthTable(FigureTable):
    year = tables.Column()
    joined = tables.Column(attrs=NUMBER)
    moved_in = tables.Column("Moved in", attrs=NUMBER)
    left = tables.Column(attrs=NUMBER)
    moved_out = tables.Column("Moved out", attrs=NUMBER)
    members = tables.Column("Members at year end", attrs=NUMBER)

    def render_year(self, value):
        return f"{value}/{str(value + 1)[-2:]}"


class ReviewKindTable(FigureTable):
    kind = tables.Column("Kind of review")
    reviews = tables.Column("Reviews held", attrs=NUMBER)


class EstimateTable(FigureTable):
    framework = tables.Column()
    heading = tables.Column()
    grade = tables.Column()
    estimates = tables.Column(attrs=NUMBER)
    percent = tables.Column("% of the heading's estimates", attrs=NUMBER)


class ImpactEbiTable(FigureTable):
    total = tables.Column("EBIs followed up", attrs=NUMBER)
    addressed = tables.Column(attrs=NUMBER)
    partly = tables.Column("Partly addressed", attrs=NUMBER)
    not_yet = tables.Column("Not yet addressed", attrs=NUMBER)
    not_recorded = tables.Column("Not recorded", attrs=NUMBER)
    percent_addressed = tables.Column("% addressed", attrs=NUMBER, default="—")


class ImpactHeadingTable(FigureTable):
    framework = tables.Column()
    heading = tables.Column()
    compared = tables.Column("Estimates compared", attrs=NUMBER)
    up = tables.Column("Moved up", attrs=NUMBER)
    same = tables.Column("Stayed the same", attrs=NUMBER)
    down = tables.Column("Moved down", attrs=NUMBER)
    percent_up = tables.Column("% moved up", attrs=NUMBER, default="—")

    def render_framework(self, record):
        return f"{record['framework']} (from {academic_year_label(record['from_year'])})"

    def value_framework(self, record):
        return self.render_framework(record)


class SpendCategoryTable(FigureTable):
    category = tables.Column()
    spent = tables.Column(attrs=NUMBER)

    def render_spent(self, value):
        return money(value)

    def value_spent(self, value):
        return value


class BudgetTable(FigureTable):
    hub = tables.Column(accessor="hub__name", verbose_name="Hub")
    amount = tables.Column("Allocated", attrs=NUMBER)
    spent = tables.Column(attrs=NUMBER)
    remaining = tables.Column(attrs=NUMBER)

    def render_amount(self, value):
        return money(value)

    def render_spent(self, value):
        return money(value)

    def render_remaining(self, value):
        return money(value) + (" (overspent)" if value < 0 else "")

    def value_amount(self, value):
        return value

    def value_spent(self, value):
        return value

    def value_remaining(self, value):
        return value


class AreaTable(FigureTable):
    name = tables.Column("Practice area")
    requests = tables.Column(attrs=NUMBER)


class FlaggedTable(FigureTable):
    hub = tables.Column(accessor="allocation__hub__name", verbose_name="Hub")
    spent_on = DateColumn(format="j M Y", verbose_name="Date")
    amount = tables.Column(attrs=NUMBER)
    category = tables.Column(accessor="get_category_display")
    description = tables.Column()

    def render_amount(self, value):
        return money(value)

    # The CSV export carries plain numbers and ISO dates, which a spreadsheet reads as such.
    def value_amount(self, value):
        return value

    def value_spent_on(self, value):
        return value.isoformat()


def report_tables(report: Report) -> dict[str, FigureTable]:
    """Every table of the report, by its export prefix."""
    figures = report.figures
    head = figures["headline"]
    year = report.year_label
    measures = [
        ("Schools", head["schools"]),
        ("Pupils", head["pupils"]),
        ("Hubs", head["hubs"]),
        ("Trusts", head["trusts"]),
        ("Teaching schools", head["teaching_schools"]),
    ]
    reviews = figures["reviews"]
    spend = figures["spend"]
    return {
        "summary": HeadlineTable(
            [{"measure": m, "value": v} for m, v in measures], caption=f"The network in {year}"
        ),
        "phase": PhaseTable(figures["phases"], caption=f"Member schools by phase, {year}"),
        "governance": GovernanceTable(
            figures["governance"], caption=f"Member schools by governance, {year}"
        ),
        "growth": GrowthTable(figures["growth"], caption="Membership year by year"),
        "reviews": ReviewKindTable(reviews["by_kind"], caption=f"Reviews held in {year}"),
        "estimates": EstimateTable(
            reviews["estimates"], caption=f"Share of each estimate under each heading, {year}"
        ),
        "impact": ImpactEbiTable(
            [figures["impact"]["ebis"]] if figures["impact"]["pairs"] else [],
            caption=f"What reviews published in {year} found of the previous review's EBIs",
        ),
        "impact_headings": ImpactHeadingTable(
            figures["impact"]["headings"],
            caption=f"How estimates moved from the previous review, reviews published in {year}",
        ),
        "areas": AreaTable(
            figures["requests"]["by_area"], caption=f"Support requests by practice area, {year}"
        ),
        "spend": SpendCategoryTable(spend["by_category"], caption=f"Hub spend by category, {year}"),
        "budget": BudgetTable(spend["budget"], caption=f"Budget against actual by hub, {year}"),
        "flagged": FlaggedTable(
            figures["flagged"], caption=f"Spend over a hub's allocation (flagged), {year}"
        ),
    }
