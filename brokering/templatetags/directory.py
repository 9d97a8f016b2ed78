"""Links to a school's directory entry, written for every school of a list."""

from django import template

from partnership.lib.links import object_url

register = template.Library()


@register.filter
def directory_url(school) -> str:
    """What {% url 'brokering:directory_school' school.urn %} gives, without matching patterns."""
    return object_url("brokering:directory_school", "urn", school.urn)
