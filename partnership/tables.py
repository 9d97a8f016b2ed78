"""What every app's django-tables2 tables share."""

import datetime
from urllib.parse import urlencode

import django_tables2 as tables
from django.template.base import render_value_in_context
from django.utils import dateformat, timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_tables2 import utils
from django_tables2.utils import AttributeDict

# Rows on a page of any list. A screenful: enough to scan, and every row costs render time on
# every view of the page.
ROWS_PER_PAGE = 25

# (function, bound) -> django-tables2's (argument names, **kwargs name) for it.
_known_signatures: dict = {}
_MOST_REMEMBERED = 4096


def remember_render_signatures() -> None:
    """Let django-tables2 look up each render method's signature once, not once per cell.

    It calls inspect.signature for every cell to learn which arguments a render method takes:
    a fifth of the time of a 50-row table page. A function's signature never changes, so it is
    kept per function (and whether it was bound, which drops `self`).
    """
    if getattr(utils.signature, "remembers", False):
        return
    uncached = utils.signature

    def signature(fn):
        key = (getattr(fn, "__func__", fn), hasattr(fn, "__func__"))
        try:
            return _known_signatures[key]
        except KeyError:
            found = uncached(fn)
            if len(_known_signatures) < _MOST_REMEMBERED:
                _known_signatures[key] = found
            return found
        except TypeError:  # an unhashable callable
            return uncached(fn)

    signature.remembers = True
    utils.signature = signature


class DateColumn(tables.Column):
    """A date (or date and time) in a Django date format, formatted in Python.

    django-tables2's own DateColumn compiles a template for every cell it renders; on a page of
    50 rows with two dates that was a tenth of the page's time.
    """

    def __init__(self, *args, format: str = "j M Y", **kwargs):
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return dateformat.format(value, self.format)

    def value(self, value):
        return dateformat.format(value, self.format)


def _td_attrs_vary_by_row(column) -> bool:
    """Whether a column's cell attributes are computed from each row (callables)."""
    attrs = {**column._table.attrs, **column.column.attrs}
    td = attrs.get("td", attrs.get("cell", {}))
    return any(callable(value) for value in td.values())


def render_body(table, context) -> str:
    """The <tbody> of a table page, written in Python.

    It gives what django-tables2's template block gives (row classes, each column's <td>
    attributes, the empty text), but a column's cell attributes are worked out once per column
    rather than once per cell, and no template loop runs per cell: on a 50-row page of ten
    columns the template block was a third of the request's time.
    """
    columns = list(table.columns)
    fixed_td = {
        column.name: column.attrs["td"].as_html()
        for column in columns
        if not _td_attrs_vary_by_row(column)
    }
    parts = [format_html("<tbody {}>", table.attrs.get("tbody", AttributeDict()).as_html())]
    rows = list(table.paginated_rows)
    for row in rows:
        if table.row_attrs:
            parts.append(format_html("<tr {}>", row.attrs.as_html()))
        else:  # what BoundRow.attrs gives with no row attributes of the table's own
            parts.append(
                mark_safe('<tr class="odd">' if row.row_counter % 2 else '<tr class="even">')
            )
        for column in columns:
            # What row.get_cell(name) does, without finding the column by its name again: that
            # walks every column, for every cell.
            cell = row._get_and_render_with(column, row._call_render, column.default)
            td = fixed_td.get(column.name)
            if td is None:
                column.current_value, column.current_record = cell, row.record
                td = column.attrs["td"].as_html()
            if column.localize is not None:
                cell = localize(cell, use_l10n=column.localize)
            parts.append(format_html("<td {}>{}</td>", td, render_value_in_context(cell, context)))
        parts.append(mark_safe("</tr>"))
    if not rows and table.empty_text:
        parts.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), table.empty_text)
        )
    parts.append(mark_safe("</tbody>"))
    return mark_safe("".join(parts))


def render_head(table, request) -> str:
    """The caption and <thead> of a table, written in Python (see render_body for why).

    A sortable column's header links to the same page sorted by it, and a sorted column says
    which way with aria-sort; the caption names the page for screen readers.
    """
    parts = []
    if getattr(table, "caption", ""):
        page = ""
        if getattr(table, "page", None) and table.paginator.num_pages > 1:
            page = format_html(", page {}", table.page.number)
        parts.append(
            format_html('<caption class="visually-hidden">{}{}</caption>', table.caption, page)
        )
    if not table.show_header:
        return mark_safe("".join(parts))
    thead = table.attrs.get("thead")
    parts.append(format_html("<thead {}><tr>", thead.as_html() if thead else ""))
    params = dict(request.GET) if request is not None else {}
    for column in table.columns:
        sort = ""
        if column.is_ordered:
            way = "descending" if column.order_by_alias.is_descending else "ascending"
            sort = format_html(' aria-sort="{}"', way)
        if column.orderable:
            query = {**params, table.prefixed_order_by_field: column.order_by_alias.next}
            next_way = (
                "descending"
                if column.is_ordered and not column.order_by_alias.is_descending
                else "ascending"
            )
            header = format_html(
                '<a href="{}">{}<span class="visually-hidden">, sort {}</span></a>',
                "?" + urlencode(query, doseq=True),
                column.header,
                next_way,
            )
        else:
            header = conditional_escape(column.header)
        parts.append(
            format_html('<th {} scope="col"{}>{}</th>', column.attrs["th"].as_html(), sort, header)
        )
    parts.append(mark_safe("</tr></thead>"))
    return mark_safe("".join(parts))
