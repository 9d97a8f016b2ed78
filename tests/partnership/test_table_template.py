"""The project's table template: django-tables2's rows, with a caption and announced sorting."""

import django_tables2 as tables
from django.template import RequestContext
from django.template.loader import get_template
from django.test import RequestFactory

from partnership.lib.tables import paginate


class Sample(tables.Table):
    caption = "Things & stuff"

    name = tables.Column(linkify=lambda record: f"/things/{record['id']}/")
    size = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    note = tables.Column(default="None yet", orderable=False, verbose_name="<Note>")
    flag = tables.Column(attrs={"td": {"data-flag": lambda record: f"f{record['id']}"}})

    class Meta:
        row_attrs = {"data-id": lambda record: record["id"]}
        empty_text = "Nothing <here>"

    def render_note(self, value):
        return f"<{value}>"  # escaped: not marked safe


ROWS = [
    {"id": 1, "name": "Ash & Oak", "size": 1200, "note": "big", "flag": "yes"},
    {"id": 2, "name": "Birch", "size": 80, "note": None, "flag": ""},
    {"id": 3, "name": "<Cedar>", "size": None, "note": "", "flag": "no"},
]


def rendered(rows, query: dict) -> str:
    request = RequestFactory().get("/things/", query)
    table = Sample(rows)
    paginate(request, table, per_page=2)
    return get_template("includes/table.html").template.render(
        RequestContext(request, {"table": table})
    )


def test_cells_and_headers_are_escaped_and_sorting_is_announced():
    html = rendered(ROWS, {"sort": "-size", "q": "a&b"})

    assert "Ash &amp; Oak" in html and "&lt;big&gt;" in html and "&lt;Note&gt;" in html
    assert '<a href="/things/1/">Ash &amp; Oak</a>' in html
    assert 'data-flag="f1"' in html and 'data-id="1"' in html
    assert '<caption class="visually-hidden">Things &amp; stuff, page 1</caption>' in html
    assert 'aria-sort="descending"' in html
    # Sorting links keep the other parameters and say which way they sort.
    assert "q=a%26b" in html and "sort=size" in html
    assert '<span class="visually-hidden">, sort ascending</span>' in html
    assert "Cedar" not in html  # the second page's row
    assert 'rel="next"' in html


def test_an_empty_table_says_so():
    html = rendered([], {})

    assert "Nothing &lt;here&gt;" in html
    assert '<caption class="visually-hidden">Things &amp; stuff</caption>' in html
    assert "pagination" not in html
