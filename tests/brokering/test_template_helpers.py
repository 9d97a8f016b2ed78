"""The brokering pages' template helpers write what Django's own tags and escaping write."""

import re
from pathlib import Path
from types import SimpleNamespace

from django.template import engines
from django.utils.html import format_html, format_html_join

from brokering.templatetags.suggestions import score_table
from hubs.models import Hub, School
from reviews.models import PracticeArea


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


# The suggestions as the request page wrote them with a template loop.
REFERENCE_SUGGESTIONS = (Path(__file__).parent / "reference_suggestions.html").read_text()


def _without_layout_spaces(html: str) -> str:
    # Each render masks the CSRF token afresh.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _suggested(pk, name, *, hub, areas, total, active, proposed):
    school = School(pk=pk, urn=f"{100000 + pk}", name=name, phase="primary", region="london")
    school.hub = Hub(pk=pk, name=hub) if hub else None
    school.matching_areas = [PracticeArea(name=area) for area in areas]
    school.score_total = total
    school.active_engagements = active
    school.already_proposed = proposed
    school.score_parts = [("Same phase", 25.0), ("Current load", 15.0 - 5 * active)]
    return school


def test_the_suggestion_list_writes_what_the_template_loop_wrote(rf):
    suggestions = [
        _suggested(
            1,
            "St Mary & St John's <Primary>",
            hub="Leeds & Bradford",
            areas=["Maths", "SEND & inclusion"],
            total=87.25,
            active=0,
            proposed=False,
        ),
        _suggested(
            2, "Plain Primary", hub=None, areas=["Maths"], total=64.05, active=1, proposed=True
        ),
        _suggested(
            3,
            'The "Quoted" Academy',
            hub="North",
            areas=["Early reading"],
            total=50.0,
            active=2,
            proposed=False,
        ),
    ]
    context = {"suggestions": suggestions, "support_request": SimpleNamespace(pk=42, version=7)}
    request = rf.get("/")
    request.META["CSRF_COOKIE"] = "x" * 32
    engine = engines["django"]
    expected = engine.from_string(REFERENCE_SUGGESTIONS).render(context, request)
    written = engine.from_string(
        "{% load suggestions %}{% suggestion_list suggestions support_request %}"
    ).render(context, request)

    assert "csrfmiddlewaretoken" in written
    assert "St Mary &amp; St John&#x27;s &lt;Primary&gt;" in written
    assert "Score 87.3 of 100; 0 active engagements." in written
    assert _without_layout_spaces(written) == _without_layout_spaces(expected)
