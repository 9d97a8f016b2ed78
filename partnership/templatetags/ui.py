"""Template helpers shared by every page: sections from other apps, navigation, form fields."""

from django import forms, template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, template_name: str, section: dict):
    """Render a dashboard panel or page section from its (template name, context) pair.

    The section's own keys are variables in its template, and the whole dict is also there as
    `panel` and `section`, whichever its author prefers.
    """
    values = {**section, "panel": section, "section": section}
    with context.push(**values):
        return get_template(template_name).template.render(context)


@register.filter
def is_current(path: str, url: str) -> bool:
    """Whether a navigation link is the page shown or a page within it."""
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url)


@register.filter
def is_current_any(path: str, urls: list[str]) -> bool:
    """Whether a menu holds the page shown or a page within one of its links."""
    return any(is_current(path, url) for url in urls)


def _widget_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return ""
    return "form-control"


@register.filter
def bootstrap_field(field):
    """The field's widget with Bootstrap's class, tied to its help text and errors for screen
    readers. Forms that already style their widgets keep their classes."""
    attrs = {}
    widget = field.field.widget
    if "class" not in widget.attrs:
        css = _widget_class(widget)
        if field.errors:
            css = f"{css} is-invalid".strip()
        if css:
            attrs["class"] = css
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_errors")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def known_count(paginator) -> int | None:
    """The number of rows, or None for a lazy paginator that never counts them."""
    try:
        return paginator.count
    except NotImplementedError:
        return None
