"""Panels this app adds to the role-based dashboard."""

from django.utils import timezone

from hubs.figures import hub_figures, network_figures
from hubs.models import Hub, School
from hubs.tables import HubTable, SchoolTable, hubs_for_table
from hubs.years import current_academic_year


def panels(user, scope) -> list[tuple[str, dict]]:
    """(template name, context) pairs, each rendered as one dashboard card.

    A django-tables2 table in a panel's context is paginated by the dashboard view.
    """
    year = current_academic_year(timezone.localdate())
    found = []
    if scope.whole_network:
        schools, membership = network_figures(year)
        found.append(
            (
                "hubs/panels/figures.html",
                {
                    "title": "The network",
                    "school_figures": schools,
                    "membership_figures": membership,
                },
            )
        )
        found.append(
            (
                "hubs/panels/hubs.html",
                {"table": HubTable(hubs_for_table(Hub.objects.all()), prefix="hubs-")},
            )
        )
    elif scope.hub_ids:
        hubs = list(Hub.objects.filter(id__in=scope.hub_ids))
        schools, membership = hub_figures(scope.hub_ids, year)
        table = SchoolTable(
            School.objects.filter(hub_id__in=scope.hub_ids).for_table(),
            exclude=["region"] if len(hubs) > 1 else ["region", "hub"],
            prefix="schools-",
        )
        found.append(
            (
                "hubs/panels/figures.html",
                {
                    "title": ", ".join(hub.name for hub in hubs),
                    "hubs": hubs,
                    "read_only": not scope.managed_hub_ids,
                    "school_figures": schools,
                    "membership_figures": membership,
                },
            )
        )
        found.append(("hubs/panels/schools.html", {"table": table}))
    if scope.contact_school_ids:
        contact_schools = School.objects.filter(id__in=scope.contact_school_ids).select_related(
            "hub"
        )
        found.append(("hubs/panels/contact_schools.html", {"schools": contact_schools}))
    return found
