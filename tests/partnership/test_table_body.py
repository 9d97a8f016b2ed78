"""The table body written in Python gives the same cells as django-tables2's own template."""

import re

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.test import RequestFactory

from partnership.tables import render_body


class Sample(tables.Table):
    name = tables.Column(linkify=lambda record: f"/things/{record['id']}/")
    size = tables.Column(attrs={"td": {"class": "text-end"}})
    note = tables.Column(default="None yet")
    # Cell attributes computed from each row, as django-tables2 allows.
    flag = tables.Column(attrs={"td": {"data-flag": lambda record: f"f{record['id']}"}})
    share = tables.Column(localize=False)

    class Meta:
        attrs = {"class": "table", "tbody": {"class": "rows"}}
        row_attrs = {"data-id": lambda record: record["id"]}
        empty_text = "Nothing <here>"

    def render_note(self, value):
        return f"<{value}>"  # escaped: not marked safe


ROWS = [
    {"id": 1, "name": "Ash & Oak", "size": 1200, "note": "big", "flag": "yes", "share": 0.5},
    {"id": 2, "name": "Birch", "size": 80, "note": None, "flag": "", "share": 1.25},
    {"id": 3, "name": "<Cedar>", "size": None, "note": "", "flag": "no", "share": None},
]


def normal(html: str) -> str:
    body = re.search(r"<tbody.*</tbody>", html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", body)).replace(" >", ">")


def tbody(template_name: str, rows) -> str:
    table = Sample(rows, template_name=template_name)
    table.paginate(per_page=2)
    request = RequestFactory().get("/")
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    return normal(html)


def python_tbody(rows) -> str:
    table = Sample(rows)
    table.paginate(per_page=2)
    return normal(render_body(table, Context()))


@pytest.mark.parametrize("rows", [ROWS, []], ids=["rows", "empty"])
def test_the_python_body_matches_the_template_body(rows):
    ours = python_tbody(rows)
    theirs = tbody("django_tables2/bootstrap5.html", rows)
    assert ours == theirs
    # The project's table template is the one that writes it.
    assert tbody("includes/table.html", rows) == ours
    if rows:
        assert 'data-flag="f1"' in ours and "&lt;big&gt;" in ours and "1.25" in ours
        assert "Cedar" not in ours  # on the second page
    else:
        assert "Nothing &lt;here&gt;" in ours
