"""Template helpers for the request page's provider suggestions."""

from html import escape

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def score_table(school) -> str:
    """The parts of a suggested provider's score, one column each.

    Written here rather than as two template loops: ten suggestions of seven parts each made
    those loops a tenth of the request page's time. Escaped with the standard library's escape
    (what Django's escape calls) rather than format_html, whose look at every argument for lazy
    text was most of what remained.
    """
    parts = school.score_parts
    heads = "".join(f'<th scope="col">{escape(str(label))}</th>' for label, _ in parts)
    cells = "".join(f"<td>{escape(str(value))}</td>" for _, value in parts)
    return SafeString(
        '<table class="table table-sm small mb-0 mt-2 score-table">'
        f'<caption class="visually-hidden">Why {escape(str(school.name))} ranks here</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody><tr>{cells}</tr></tbody></table>"
    )
