from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import Table

from hubs.access import scope_for
from partnership.lib.sections import Page, sections_for
from partnership.lib.tables import paginate

# A dashboard lists the first few; the full, filterable list is a link away.
DASHBOARD_TABLE_ROWS = 10


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What the user's roles let them see, one card per panel each app offers."""
    scope = scope_for(request.user)
    panels = sections_for(Page.DASHBOARD, request.user)
    for _, context in panels:
        for value in context.values():
            if isinstance(value, Table):
                # Pages on without counting every row: the card is a glimpse, not the list.
                paginate(request, value, per_page=DASHBOARD_TABLE_ROWS, count=False)
    return render(request, "partnership/dashboard.html", {"scope": scope, "panels": panels})
