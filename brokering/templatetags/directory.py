"""Links to a school's directory entry."""

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def directory_url(school) -> str:
    """The school's entry in the directory of schools (any school, member or not)."""
    return reverse("brokering:directory_school", kwargs={"urn": school.urn})


@register.filter
def offered_area_names(school) -> list[str]:
    """The names of the practice areas a school offers, each once, in the areas' order.

    A school can hold two verified areas of excellence in one practice area (from two
    reviews); a list of its areas names that area once.
    """
    areas = getattr(school, "offered_areas", [])
    return list(dict.fromkeys(area.practice_area.name for area in areas))
