"""Tables written in Python (partnership.lib.tables) match the template loops they replace."""

import datetime
import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template import Context, RequestContext, Template
from django.template.base import render_value_in_context
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from django_tables2.utils import AttributeDict

from partnership.lib.tables import _attrs_html, _cell_html, _link_html

# The project's table template as it was when django-tables2's template loops wrote every cell.
REFERENCE = """
{% extends "django_tables2/bootstrap5-responsive.html" %}
{% load django_tables2 %}
{% block table.thead %}
  {% if table.caption %}<caption class="visually-hidden">{{ table.caption }}{% if table.page and table.paginator.num_pages > 1 %}, page {{ table.page.number }}{% endif %}</caption>{% endif %}
  {% if table.show_header %}
    <thead {{ table.attrs.thead.as_html }}>
      <tr>
        {% for column in table.columns %}
          <th {{ column.attrs.th.as_html }} scope="col"{% if column.is_ordered %} aria-sort="{% if column.order_by_alias.is_descending %}descending{% else %}ascending{% endif %}"{% endif %}>
            {% if column.orderable %}
              <a href="{% querystring_replace table.prefixed_order_by_field=column.order_by_alias.next %}">{{ column.header }}<span class="visually-hidden">, sort {% if column.is_ordered and not column.order_by_alias.is_descending %}descending{% else %}ascending{% endif %}</span></a>
            {% else %}
              {{ column.header }}
            {% endif %}
          </th>
        {% endfor %}
      </tr>
    </thead>
  {% endif %}
{% endblock table.thead %}
{% block pagination %}
  {% include "includes/pagination.html" %}
{% endblock pagination %}
"""  # noqa: E501


class Sample(tables.Table):
    caption = "Things & stuff"

    name = tables.Column(linkify=lambda record: f"/things/{record['id']}/")
    size = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    note = tables.Column(default="None yet", orderable=False, verbose_name="<Note>")
    # Cell attributes computed from each row, as django-tables2 allows.
    flag = tables.Column(attrs={"td": {"data-flag": lambda record: f"f{record['id']}"}})
    share = tables.Column(localize=False)

    class Meta:
        attrs = {"class": "table", "tbody": {"class": "rows"}, "thead": {"class": "head"}}
        row_attrs = {"data-id": lambda record: record["id"]}
        empty_text = "Nothing <here>"

    def render_note(self, value):
        return f"<{value}>"  # escaped: not marked safe


class Plain(Sample):
    """No row attributes and no caption: django-tables2's defaults."""

    caption = ""

    class Meta:
        attrs = {"class": "table"}
        row_attrs = {}
        empty_text = "Nothing"


ROWS = [
    {"id": 1, "name": "Ash & Oak", "size": 1200, "note": "big", "flag": "yes", "share": 0.5},
    {"id": 2, "name": "Birch", "size": 80, "note": None, "flag": "", "share": 1.25},
    {"id": 3, "name": "<Cedar>", "size": None, "note": "", "flag": "no", "share": None},
]


def normal(html: str) -> str:
    # Whitespace next to a tag is the templates' indentation, not content.
    html = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html.strip()))
    return re.sub(r"\s+", " ", html).replace(" >", ">")


def rendered(table_class, rows, query: dict, template) -> str:
    request = RequestFactory().get("/things/", query)
    table = table_class(rows, order_by=query.get("sort"))
    table.paginate(page=int(query.get("page", 1)), per_page=2)
    return normal(template.render(RequestContext(request, {"table": table})))


CASES = {
    "rows": (Sample, ROWS, {}),
    "sorted, with other parameters": (Sample, ROWS, {"sort": "-size", "q": "a&b"}),
    "second page": (Sample, ROWS, {"page": "2", "sort": "name"}),
    "plain": (Plain, ROWS, {"sort": "flag"}),
    "empty": (Sample, [], {}),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_python_table_matches_the_template_loops(case):
    table_class, rows, query = case
    ours = rendered(table_class, rows, query, get_template("includes/table.html").template)
    reference = rendered(table_class, rows, query, Template(REFERENCE))
    assert ours == reference
    assert "<tbody" in ours and "<thead" in ours


def test_cells_and_headers_are_escaped_and_sorting_is_announced():
    html = rendered(Sample, ROWS, {"sort": "-size"}, get_template("includes/table.html").template)
    assert "Ash &amp; Oak" in html and "&lt;big&gt;" in html and "&lt;Note&gt;" in html
    assert 'data-flag="f1"' in html and 'data-id="1"' in html
    assert '<caption class="visually-hidden">Things &amp; stuff, page 1</caption>' in html
    assert 'aria-sort="descending"' in html
    assert "Cedar" not in html  # the second page's row


# Model rows take partnership.lib.tables' own way to a cell's content; django-tables2's is the
# reference. The columns cover what that way works out once per column: choices shown by
# their labels (on the row and across a relation), a model's own get_<name>_display, chains
# through a missing relation, methods called, missing attributes, render methods asking for
# different arguments, and links with and without attributes of their own.
class SchoolCells(tables.Table):
    name = tables.Column(linkify=True)
    phase = tables.Column()
    hub_region = tables.Column(accessor="hub__region", default="No hub")
    hub_name = tables.Column(accessor="hub__name", linkify=lambda record: record.hub_url)
    trust = tables.Column(accessor="trust__name", default="No trust")
    academy = tables.Column(accessor="is_academy")
    missing = tables.Column(accessor="no_such_thing", default="Nothing")
    governance = tables.Column(linkify=True, attrs={"a": {"class": "plain"}})
    pupils = tables.Column(accessor="pupils_on_roll", attrs={"td": {"class": "text-end"}})
    region = tables.Column(empty_values=())
    odd = tables.Column(accessor="urn")  # its render method asks for what no cell has

    def render_odd(self, value, unknown):
        return "never shown"

    def render_region(self, value, record, bound_row, table, column, bound_column):
        names = f"{bound_column.name}, {column.verbose_name}, {table.prefix!r}"
        return f"{value} ({record.urn}, {bound_row.record.pk}, {names})"

    def render_pupils(self, value, **kwargs):
        return f"{value} pupils ({kwargs['record'].name})"


@pytest.mark.django_db
def test_model_rows_render_as_django_tables2_renders_them(monkeypatch):
    from hubs.models import School
    from partnership.lib import tables as ours
    from tests.factories.hubs import HubFactory, SchoolFactory, TrustFactory

    hub = HubFactory(name="Ash & Oak hub")
    SchoolFactory(name="<First>", hub=hub, trust=TrustFactory(name="Trust & Co"))
    SchoolFactory(name="Second", pupils_on_roll=None)
    SchoolFactory(name="Third", hub=hub, governance="academy_converter")
    rows = list(School.objects.select_related("hub", "trust").order_by("name"))
    for school in rows:
        school.hub_url = school.hub.get_absolute_url() if school.hub else None
    rows[1].get_phase_display = lambda: f"Phase: {rows[1].phase}"  # a label of its own
    request = RequestFactory().get("/schools/")

    def body() -> str:
        table = SchoolCells(rows)
        table.paginate(per_page=10)
        return ours.render_body(table, RequestContext(request, {"table": table}))

    fast = body()
    monkeypatch.setattr(ours, "_cell_writer", ours._library_cell)
    assert normal(fast) == normal(body())
    assert "Ash &amp; Oak hub" in fast and "&lt;First&gt;" in fast and "Phase: primary" in fast
    assert "North West" in fast and "No trust" in fast and "Nothing" in fast


CELL_VALUES = [
    "Ash & Oak <hub> \"quoted\" 'single'",
    mark_safe("<b>safe</b>"),
    gettext_lazy("lazy <text>"),
    1234567,
    Decimal("12.50"),
    datetime.date(2026, 3, 1),
    None,
    "",
]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("value", CELL_VALUES)
def test_a_cell_is_written_as_django_writes_it(value, autoescape):
    context = Context(autoescape=autoescape)
    assert _cell_html(value, context) == render_value_in_context(value, context)


@pytest.mark.parametrize("href", ['/schools/100001/?a=1&b="2"', mark_safe("/x/?a=1&amp;b=2")])
@pytest.mark.parametrize("content", CELL_VALUES)
def test_a_link_is_written_as_format_html_writes_it(href, content):
    written = _link_html(href, content)
    assert written == format_html('<a href="{}">{}</a>', href, content)
    assert isinstance(written, SafeString)


ATTRIBUTES = [
    {},
    {"class": "text-end", "id": "a&b"},
    {"class": 'say "hi" <now>', "data-n": 3, "title": gettext_lazy("Schools")},
    {"class": mark_safe("a &amp; b"), "hidden": None, "th": {"class": "x"}, "td": "y"},
    {"data-flag": lambda: "f<1>", "aria-label": format_html("{} &", "<x>")},
]


@pytest.mark.parametrize("attrs", ATTRIBUTES)
def test_attributes_are_written_as_django_tables2_writes_them(attrs):
    attributes = AttributeDict(attrs)
    assert _attrs_html(attributes) == attributes.as_html()
