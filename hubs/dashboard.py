"""Panels this app adds to the role-based dashboard."""

from django.utils import timezone

from hubs.figures import hub_figures, network_figures
from hubs.models import Hub, School
from hubs.permissions import (
    contact_school_ids,
    is_central_team,
    is_hub_staff,
    is_school_contact,
    manages_a_hub,
    may_manage_hub,
    staffed_hub_ids,
)
from hubs.tables import HubTable, SchoolTable, hubs_for_table
from hubs.years import current_academic_year


def panels(user) -> list[tuple[str, dict]]:
    """(template name, context) pairs, each rendered as one dashboard card.

    A django-tables2 table in a panel's context is paginated by the dashboard view.
    """
    year = current_academic_year(timezone.localdate())
    found = []
    if is_central_team(user):
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
    elif is_hub_staff(user):
        hub_ids = staffed_hub_ids(user)
        hubs = list(Hub.objects.filter(id__in=hub_ids))
        schools, membership = hub_figures(hub_ids, year)
        table = SchoolTable(
            School.objects.filter(hub_id__in=hub_ids).for_table(),
            exclude=["region"] if len(hubs) > 1 else ["region", "hub"],
            prefix="schools-",
        )
        found.append(
            (
                "hubs/panels/figures.html",
                {
                    "title": ", ".join(hub.name for hub in hubs),
                    "hubs": hubs,
                    "read_only": not manages_a_hub(user),
                    # Their common actions, on each hub they may change.
                    "action_hubs": [hub for hub in hubs if may_manage_hub(user, hub)],
                    "school_figures": schools,
                    "membership_figures": membership,
                },
            )
        )
        found.append(("hubs/panels/schools.html", {"table": table}))
    if is_school_contact(user):
        contact_schools = School.objects.filter(id__in=contact_school_ids(user)).select_related(
            "hub"
        )
        found.append(("hubs/panels/contact_schools.html", {"schools": contact_schools}))
    return found
