"""Links to a school's directory entry."""

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def directory_url(school) -> str:
    """The school's entry in the directory of schools (any school, member or not)."""
    return reverse("brokering:directory_school", kwargs={"urn": school.urn})
