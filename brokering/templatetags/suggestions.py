"""Template helpers for the request page's provider suggestions."""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.safestring import SafeString

from brokering.templatetags.directory import directory_url
from hubs.choices import Phase, Region

register = template.Library()

# The labels get_phase_display() and get_region_display() give, looked up without working out
# the field's choices again for every call.
PHASES = dict(Phase.choices)
REGIONS = dict(Region.choices)


@register.simple_tag(takes_context=True)
def suggestion_list(context, suggestions, support_request) -> str:
    """The ranked providers, best first: who each is, why it ranks there, and a button to
    propose it (or a note that it has been).

    Written here rather than as a template loop for score_table's reason: the loop's two dozen
    variables, filters and tags a school were a twentieth of the request page's time.
    """
    propose_url = escape(reverse("brokering:request_propose", kwargs={"pk": support_request.pk}))
    csrf_input = CsrfTokenNode().render(context)
    version = escape(str(support_request.version))
    items = []
    for rank, school in enumerate(suggestions, start=1):
        name = escape(str(school.name))
        where = [PHASES.get(school.phase, school.phase), REGIONS.get(school.region, school.region)]
        if school.hub:
            where.append(school.hub.name)
        areas = ", ".join(str(area.name) for area in school.matching_areas)
        active = school.active_engagements
        if school.already_proposed:
            action = '<span class="badge text-bg-secondary">Already proposed</span>'
        else:
            action = (
                f'<form method="post" action="{propose_url}">{csrf_input}'
                f'<input type="hidden" name="version" value="{version}">'
                f'<input type="hidden" name="provider" value="{escape(str(school.pk))}">'
                '<button type="submit" class="btn btn-sm btn-primary">'
                f"Propose {name}</button></form>"
            )
        items.append(
            '<li class="border rounded p-2 mb-2 suggestion">'
            '<div class="d-flex flex-wrap justify-content-between gap-2"><div>'
            f'<strong>{rank}. <a href="{escape(directory_url(school))}">{name}</a></strong> '
            f'<span class="small">({escape(", ".join(str(part) for part in where))})</span>'
            f'<div class="small">Excellence: {escape(areas)}</div>'
            f'<div class="small">Score {floatformat(school.score_total, 1)} of 100; '
            f"{escape(str(active))} active engagement{'' if active == 1 else 's'}.</div>"
            f"</div><div>{action}</div></div>{score_table(school)}</li>"
        )
    return SafeString(f'<ol class="list-unstyled mb-0">{"".join(items)}</ol>')


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
