"""The school support directory: directory fields only, never a review report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from brokering import permissions
from brokering.filters import DirectoryFilter
from brokering.matching import similar_schools
from brokering.tables import DirectoryTable
from hubs.models import Hub, School
from partnership.lib.tables import paginate
from reviews.models import AreaOfExcellence

COMPARE_MAX = 5


def _with_offered_areas(schools):
    return schools.prefetch_related(
        Prefetch(
            "areas_of_excellence",
            queryset=AreaOfExcellence.objects.offered()
            .select_related("practice_area")
            .order_by("practice_area__position", "practice_area__name"),
            to_attr="offered_areas",
        )
    )


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    schools = _with_offered_areas(School.objects.filter(is_open=True).select_related("hub"))
    filterset = DirectoryFilter(request.GET, queryset=schools)
    table = DirectoryTable(filterset.qs)
    paginate(request, table)
    return render(
        request,
        "brokering/directory.html",
        {"filter": filterset, "table": table, "compare_max": COMPARE_MAX},
    )


@login_required
def directory_school(request: HttpRequest, urn: str) -> HttpResponse:
    school = get_object_or_404(
        _with_offered_areas(
            School.objects.select_related("trust").prefetch_related(
                Prefetch("hub", queryset=Hub.objects.prefetch_related("managers"))
            )
        ),
        urn=urn,
    )
    similar = list(similar_schools(school, limit=8))
    compare_urns = [school.urn] + [s.urn for s in similar[: COMPARE_MAX - 1]]
    return render(
        request,
        "brokering/directory_school.html",
        {
            "school": school,
            "similar": similar,
            "compare_urns": compare_urns,
            "may_raise": permissions.schools_user_may_raise_for(request.user).exists(),
        },
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """Context figures of up to five schools side by side (?urn=...&urn=...)."""
    urns = list(dict.fromkeys(u.strip() for u in request.GET.getlist("urn") if u.strip()))
    if len(urns) > COMPARE_MAX:
        too_many = f"Up to {COMPARE_MAX} schools can be compared at once."
        messages.warning(request, f"{too_many} Showing the first {COMPARE_MAX}.")
        urns = urns[:COMPARE_MAX]
    found = {
        s.urn: s
        for s in _with_offered_areas(School.objects.select_related("hub", "trust")).filter(
            urn__in=urns
        )
    }
    missing = [urn for urn in urns if urn not in found]
    if missing:
        messages.warning(request, f"No school with URN {', '.join(missing)}.")
    schools = [found[urn] for urn in urns if urn in found]
    slots = [s.urn for s in schools] + [""] * (COMPARE_MAX - len(schools))
    return render(request, "brokering/compare.html", {"schools": schools, "slots": slots})
