"""The brokering pages' template helpers write what Django's own tags and escaping write."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from brokering.templatetags.directory import directory_url
from brokering.templatetags.suggestions import score_table


def reference_score_table(school) -> str:
    """The tag as it was written with format_html."""
    parts = school.score_parts
    return format_html(
        '<table class="table table-sm small mb-0 mt-2 score-table">'
        '<caption class="visually-hidden">Why {} ranks here</caption>'
        "<thead><tr>{}</tr></thead><tbody><tr>{}</tr></tbody></table>",
        school.name,
        format_html_join("", '<th scope="col">{}</th>', ((label,) for label, _ in parts)),
        format_html_join("", "<td>{}</td>", ((value,) for _, value in parts)),
    )


def test_a_score_table_is_escaped_as_format_html_escapes_it():
    school = SimpleNamespace(
        name='St Mary & St John\'s <"Primary">',
        score_parts=[("Same phase", 25.0), ("% FSM", 12.3), ("<Load>", 0.0), ("Past & now", 5)],
    )
    assert score_table(school) == reference_score_table(school)
    assert "&lt;&quot;Primary&quot;&gt;" in score_table(school)


@pytest.mark.parametrize("urn", ["100123", "999999"])
def test_a_directory_link_is_the_url_tag_s(urn):
    school = SimpleNamespace(urn=urn)
    assert directory_url(school) == reverse("brokering:directory_school", args=[urn])
