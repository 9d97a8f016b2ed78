"""What this app adds to pages: the navigation (imports) and the school profile."""

from django.db.models import Exists, OuterRef

from hubs.choices import OfstedFramework
from hubs.models import School
from partnership.lib.sections import Page, section
from publicdata.models import (
    MARKERS,
    Designation,
    ExamResult,
    Inspection,
    Measure,
    NationalResult,
    SchoolLink,
    ancestors,
)
from publicdata.permissions import may_import_public_data, may_read_public_data


@section(Page.NAVIGATION)
def navigation(user, _) -> list:
    if not may_import_public_data(user):
        return []
    return [
        (
            "Network data",
            [
                ("Import GIAS links", "publicdata:import_links"),
                ("Import Ofsted inspections", "publicdata:import_ofsted"),
                ("Import exam results", "publicdata:import_results"),
            ],
        )
    ]


@section(Page.SCHOOL_PROFILE)
def public_data(user, school) -> list[tuple[str, dict]]:
    """The URN chain, Ofsted history, results against national and designations: 4 queries,
    and one more each for the names of linked schools and England's figures when there are any."""
    if not may_read_public_data(user, school):
        return []
    links = SchoolLink.objects.chain_of(school.urn)
    history_urns = [school.urn, *ancestors(school.urn, links)]
    linked = {link.predecessor_urn for link in links} | {link.successor_urn for link in links}
    names = {}
    if linked:
        visible = School.objects.visible_to(user).filter(pk=OuterRef("pk"))
        for urn, name, may_open in (
            School.objects.filter(urn__in=linked)
            .annotate(may_open=Exists(visible))
            .values_list("urn", "name", "may_open")
        ):
            names[urn] = (name, may_open and urn != school.urn)
    inspections = list(Inspection.objects.filter(urn__in=history_urns).order_by("-start_date"))
    context = {
        "school": school,
        "links": [
            (
                link,
                names.get(link.predecessor_urn, ("Not held", False)),
                names.get(link.successor_urn, ("Not held", False)),
            )
            for link in links
        ],
        "graded": [i for i in inspections if i.framework == OfstedFramework.GRADED_2019],
        "report_cards": [i for i in inspections if i.framework == OfstedFramework.REPORT_CARD_2025],
        "designations": list(Designation.objects.filter(school=school)),
        **results_context(school, history_urns),
    }
    return [("publicdata/section.html", context)]


def results_context(school: School, urns: list[str]) -> dict:
    """Results over time against the national figure: one table and one chart per measure."""
    results = list(ExamResult.objects.filter(urn__in=urns).order_by("academic_year", "-urn"))
    if not results:
        return {"result_tables": []}
    years = sorted({r.academic_year for r in results})
    national = {
        (n.academic_year, n.measure): n
        for n in NationalResult.objects.filter(academic_year__in=years)
    }
    own: dict[tuple[int, str], ExamResult] = {}
    for result in results:
        # The school's own URN first when a predecessor also published that year.
        key = (result.academic_year, result.measure)
        if key not in own or result.urn == school.urn:
            own[key] = result
    tables = []
    for measure in Measure:
        rows = [
            (year, own.get((year, measure.value)), national.get((year, measure.value)))
            for year in years
            if (year, measure.value) in own
        ]
        if not rows:
            continue
        labels = [result.academic_year_label for _, result, _ in rows]
        chart = {
            "id": f"chart-{measure.value.replace('_', '-')}",
            "type": "line",
            "title": f"{measure.label}: this school and England",
            "labels": labels,
            "datasets": [
                {"label": "This school", "data": [_number(r) for _, r, _ in rows]},
                {"label": "England", "data": [_number(n) for _, _, n in rows]},
            ],
            "stacked": False,
        }
        tables.append({"measure": measure.label, "rows": rows, "chart": chart})
    return {"result_tables": tables, "markers": MARKERS}


def _number(result) -> float | None:
    if result is None or result.value is None:
        return None
    return float(result.value)
