from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django_tables2 import Table

from hubs import permissions as hubs
from partnership.lib.sections import Page, sections_for
from partnership.lib.tables import paginate

# A dashboard lists the first few; the full, filterable list is a link away.
DASHBOARD_TABLE_ROWS = 10


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What the user's roles let them see, one card per panel each app offers."""
    user = request.user
    panels = sections_for(Page.DASHBOARD, user)
    for _, context in panels:
        for value in context.values():
            if isinstance(value, Table):
                # Pages on without counting every row: the card is a glimpse, not the list.
                paginate(request, value, per_page=DASHBOARD_TABLE_ROWS, count=False)
    # The user's roles, in the words the page greets them with.
    roles = {
        "central_team": hubs.is_central_team(user),
        "hub_manager": hubs.manages_a_hub(user),
        "senior_partner": hubs.is_senior_partner(user),
        "school_contact": hubs.is_school_contact(user),
    }
    return render(request, "partnership/dashboard.html", {"roles": roles, "panels": panels})
