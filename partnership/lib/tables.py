"""What every app's django-tables2 tables share."""

import datetime
import html
from functools import partialmethod
from inspect import getattr_static
from urllib.parse import urlencode

import django_tables2 as tables
from django.db import models
from django.template.base import render_value_in_context
from django.utils import dateformat, timezone
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import LazyPaginator, RequestConfig, utils
from django_tables2.columns.base import LinkTransform
from django_tables2.utils import Accessor, AttributeDict

# Rows on a page of any list. A screenful: enough to scan, and every row costs render time on
# every view of the page.
ROWS_PER_PAGE = 25


def paginate(request, table, *, per_page: int | None = ROWS_PER_PAGE, count: bool = True) -> None:
    """Sort and page a table from the request's query string.

    per_page=None shows every row. count=False pages on without a COUNT over every row the
    filters let through (LazyPaginator): for lists too long to number their pages.
    """
    options: dict | bool = False
    if per_page is not None:
        options = {"per_page": per_page}
        if not count:
            options["paginator_class"] = LazyPaginator
    RequestConfig(request, paginate=options).configure(table)


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


# Cell arguments a render method or linkify callable may ask for, as django-tables2 names them.
_CELL_ARGUMENTS = frozenset(("value", "record", "column", "bound_column", "bound_row", "table"))


def _library_cell(column):
    """A cell as django-tables2 renders it (BoundRow.get_cell, without finding the column again)."""
    return lambda row: row._get_and_render_with(column, row._call_render, column.default)


def _step(current, bit: str, accessor: Accessor):
    """One step of Accessor.resolve: a key, an attribute or an index, then called if callable."""
    if isinstance(current, models.Model):  # a model is never subscriptable: straight to getattr
        try:
            current = getattr(current, bit)
        except (TypeError, AttributeError):
            raise ValueError(bit) from None
    else:
        try:
            current = current[bit]
        except (TypeError, AttributeError, KeyError):
            try:
                current = getattr(current, bit)
            except (TypeError, AttributeError):
                try:
                    current = current[int(bit)]
                except (IndexError, ValueError, KeyError, TypeError):
                    raise ValueError(bit) from None
    if callable(current):
        if getattr(current, "alters_data", False):
            raise ValueError(bit)
        if not getattr(current, "do_not_call_in_templates", False):
            current = current(*accessor.callable_args, **accessor.callable_kwargs)
    return current


def _generated_display_field(model_class, display_name: str):
    """The field behind a model's get_<name>_display when Django generated it, else None."""
    try:
        found = getattr_static(model_class, display_name)
    except AttributeError:
        return None
    if isinstance(found, partialmethod) and found.func is models.Model._get_FIELD_display:
        return found.keywords["field"]
    return None


def _cell_writer(bound_column):
    """A function writing one column's cell for a row, the way django-tables2 does.

    django-tables2 works out, for every cell, the accessor's path, whether the field has
    choices, which arguments the render method takes and the choices' labels; on the 25-row
    brokering queue that was over a third of the request's time. For model rows of a plain
    Column these are worked out once per column here; any other row or column goes through
    django-tables2 itself.
    """
    column = bound_column.column
    accessor = Accessor(bound_column.accessor)
    library_cell = _library_cell(bound_column)
    if type(column) not in (tables.Column, DateColumn) or not accessor:
        return library_cell
    if accessor.SEPARATOR != Accessor.SEPARATOR:  # a deprecated dotted accessor
        return library_cell
    *path, last = accessor.bits
    display_name = f"get_{last}_display"
    table = bound_column._table
    render = bound_column.render
    names, catch_all = utils.signature(render)
    renders = catch_all or all(name in _CELL_ARGUMENTS for name in names)
    link = bound_column.link
    plain_link = type(link) is LinkTransform and not link.attrs
    # (row's model, penultimate's model) -> None when the value is shown as it is, else
    # (the field whose choices label it, or None for a model's own get_<name>_display; labels)
    display_rules: dict = {}

    def display_rule(record, penultimate):
        key = (type(record), type(penultimate))
        if key not in display_rules:
            # As django-tables2 decides: the field is found from the row's model, the label
            # comes from the penultimate object's get_<name>_display.
            field = accessor.get_field(type(record))
            generated = _generated_display_field(type(penultimate), display_name)
            if not getattr(field, "choices", ()):
                display_rules[key] = None
            elif generated is None:
                display_rules[key] = (None, None)
            else:
                display_rules[key] = (generated, dict(make_hashable(generated.flatchoices)))
        return display_rules[key]

    def value_of(record):
        penultimate = record
        try:
            for bit in path:
                penultimate = _step(penultimate, bit, accessor)
                if penultimate is None:
                    return None
        except Exception:
            return None
        if isinstance(penultimate, models.Model) and (rule := display_rule(record, penultimate)):
            field, labels = rule
            if field is not None and display_name not in penultimate.__dict__:
                value = getattr(penultimate, field.attname)
                return force_str(labels.get(make_hashable(value), value), strings_only=True)
            display = getattr(penultimate, display_name, None)
            if display:
                return display()
        try:
            return _step(penultimate, last, accessor)
        except Exception:
            return None

    def cell(row):
        record = row.record
        if not isinstance(record, models.Model):
            return library_cell(row)
        value = value_of(record)
        if value in column.empty_values:
            return bound_column.default
        arguments = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": bound_column,
            "bound_row": row,
            "table": table,
        }
        if not renders:
            content = None
        elif catch_all:
            content = render(**arguments)
        else:
            content = render(**{name: arguments[name] for name in names})
        if not link:
            return content
        if not plain_link:
            return link(content, **arguments)
        href = link.compose_url(**arguments)
        return content if href is None else _link_html(href, content)

    return cell


# Django's escaping functions first look at every argument for lazy text; a table page calls them
# for each of its hundreds of cells, so plain and already safe text take the short way here (on
# the dashboard's two ten-row tables that was a quarter of their time). Anything else goes
# through Django as before.


def _escaped(text) -> str | None:
    """conditional_escape(text) for plain or safe text; None for anything else."""
    if type(text) is str:
        return html.escape(text)
    if isinstance(text, SafeString):
        return text
    return None


def _attrs_html(attrs: AttributeDict) -> str:
    """attrs.as_html() for plain or safe text values, without format_html_join's look at each."""
    pairs = []
    for key, value in attrs.items():
        if callable(value):
            value = value()
        if key in AttributeDict.blacklist or value is None:
            continue
        text = _escaped(value)
        if text is None or type(key) is not str:
            return attrs.as_html()
        pairs.append(f'{html.escape(key)}="{text}"')
    return " ".join(pairs)


def _link_html(href, content) -> str:
    """format_html('<a href="{}">{}</a>', href, content)."""
    text = _escaped(content)
    if type(href) is not str or text is None:
        return format_html('<a href="{}">{}</a>', href, content)
    return SafeString(f'<a href="{html.escape(href)}">{text}</a>')


def _cell_html(cell, context) -> str:
    """render_value_in_context(cell, context): text needs neither local time nor localising."""
    if context.autoescape and (text := _escaped(cell)) is not None:
        return text
    return render_value_in_context(cell, context)


def render_body(table, context) -> str:
    """The <tbody> of a table page, written in Python.

    It gives what django-tables2's template block gives (row classes, each column's <td>
    attributes, the empty text), but a column's cell attributes are worked out once per column
    rather than once per cell, and no template loop runs per cell: on a 50-row page of ten
    columns the template block was a third of the request's time.
    """
    columns = list(table.columns)
    fixed_td = {
        column.name: _attrs_html(column.attrs["td"])
        for column in columns
        if not _td_attrs_vary_by_row(column)
    }
    cell_writers = [_cell_writer(column) for column in columns]
    parts = [format_html("<tbody {}>", table.attrs.get("tbody", AttributeDict()).as_html())]
    rows = list(table.paginated_rows)
    for row in rows:
        if table.row_attrs:
            parts.append(format_html("<tr {}>", row.attrs.as_html()))
        else:  # what BoundRow.attrs gives with no row attributes of the table's own
            parts.append(
                mark_safe('<tr class="odd">' if row.row_counter % 2 else '<tr class="even">')
            )
        for column, cell_of in zip(columns, cell_writers, strict=True):
            cell = cell_of(row)
            td = fixed_td.get(column.name)
            if td is None:
                column.current_value, column.current_record = cell, row.record
                td = column.attrs["td"].as_html()
            if column.localize is not None:
                cell = localize(cell, use_l10n=column.localize)
            parts.append(f"<td {td}>{_cell_html(cell, context)}</td>")
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
        alias = column.order_by_alias
        ordered = column.is_ordered
        sort = ""
        if ordered:
            sort = f' aria-sort="{"descending" if alias.is_descending else "ascending"}"'
        label = _escaped(column.header)
        if label is None:
            label = conditional_escape(column.header)
        if column.orderable:
            query = {**params, table.prefixed_order_by_field: alias.next}
            href = html.escape("?" + urlencode(query, doseq=True))
            next_way = "descending" if ordered and not alias.is_descending else "ascending"
            hint = f'<span class="visually-hidden">, sort {next_way}</span>'
            label = f'<a href="{href}">{label}{hint}</a>'
        parts.append(f'<th {_attrs_html(column.attrs["th"])} scope="col"{sort}>{label}</th>')
    parts.append(mark_safe("</tr></thead>"))
    return mark_safe("".join(parts))
