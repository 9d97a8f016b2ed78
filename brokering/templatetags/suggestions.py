"""Template helpers for the request page's provider suggestions."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def score_table(school) -> str:
    """The parts of a suggested provider's score, one column each.

    Written here rather than as two template loops: ten suggestions of seven parts each made
    those loops a tenth of the request page's time.
    """
    parts = school.score_parts
    return format_html(
        '<table class="table table-sm small mb-0 mt-2 score-table">'
        '<caption class="visually-hidden">Why {} ranks here</caption>'
        "<thead><tr>{}</tr></thead><tbody><tr>{}</tr></tbody></table>",
        school.name,
        format_html_join("", '<th scope="col">{}</th>', ((label,) for label, _ in parts)),
        format_html_join("", "<td>{}</td>", ((value,) for _, value in parts)),
    )
