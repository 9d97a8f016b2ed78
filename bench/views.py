from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines

from partnership.models import User

FLOOR_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}'
    "{% block content %}<h1>Floor</h1><p>{{ count }} person.</p>{% endblock %}"
)


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """The cheapest real page: signed in, the base template, one trivial query.

    Every benchmarked page's throughput is reported as a share of this one's.
    """
    count = User.objects.filter(pk=request.user.pk).count()
    return HttpResponse(FLOOR_TEMPLATE.render({"count": count}, request))
