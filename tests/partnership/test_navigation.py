"""The navigation is worked out once a request, however many tables a page renders."""

from django.urls import reverse

import partnership.context_processors
from partnership import navigation


def test_a_page_of_many_tables_builds_the_navigation_once(client_for, central_team, monkeypatch):
    calls = []

    def counted(user):
        calls.append(user)
        return navigation.nav_items_for(user)

    monkeypatch.setattr(partnership.context_processors, "nav_items_for", counted)
    response = client_for(central_team).get(reverse("reports:network"))

    assert response.status_code == 200
    # The report renders a table per figure, each with a context of its own.
    assert response.content.count(b"<table") > 3
    assert len(calls) == 1
    assert reverse("reviews:list").encode() in response.content  # the navigation is there


def test_a_signed_out_page_has_no_navigation(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert reverse("reviews:list").encode() not in response.content
