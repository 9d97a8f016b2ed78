"""The navigation is worked out once a request, however many tables a page renders."""

import pytest
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
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert reverse("reviews:list").encode() not in response.content


def labels(items):
    return [item.label for item in items]


def urls_of(items):
    return {child.url for item in items for child in (item.children or (item,))}


def test_the_central_team_reaches_history_imports_and_membership_changes(central_team):
    items = navigation.nav_items_for(central_team)

    assert {
        reverse("history:list"),
        reverse("jobs:list"),
        reverse("hubs:gias_import"),
        reverse("hubs:membership_import"),
        reverse("hubs:membership_changes"),
        reverse("hubs:list"),
        reverse("reports:network"),
    } <= urls_of(items)
    assert "My hub" not in labels(items)


def test_a_hub_manager_reaches_each_of_their_hubs_pages(hub_manager_a, hub_a):
    items = navigation.nav_items_for(hub_manager_a)

    my_hub = next(item for item in items if item.label == "My hub")
    assert [(child.label, child.url) for child in my_hub.children] == [
        ("Overview", reverse("hubs:detail", args=[hub_a.slug])),
        ("Funding and spend", reverse("hubs:funding", args=[hub_a.slug])),
        ("Action plan", reverse("hubs:action_plan", args=[hub_a.slug])),
        ("Events", reverse("events:hub_events", args=[hub_a.slug])),
        ("Membership", reverse("hubs:membership", args=[hub_a.slug])),
    ]
    # The network's own pages are not offered.
    assert reverse("history:list") not in urls_of(items)
    assert reverse("jobs:list") not in urls_of(items)
    assert reverse("hubs:gias_import") not in urls_of(items)


def test_a_senior_partner_reaches_their_hubs_pages(senior_partner_a, hub_a):
    items = navigation.nav_items_for(senior_partner_a)

    assert reverse("hubs:funding", args=[hub_a.slug]) in urls_of(items)
    assert reverse("hubs:membership_changes") not in urls_of(items)


def test_someone_staffing_two_hubs_chooses_the_hub(hub_manager_a, hub_b):
    hub_b.managers.add(hub_manager_a)

    items = navigation.nav_items_for(hub_manager_a)

    my_hubs = next(item for item in items if item.label == "My hubs")
    assert [child.label for child in my_hubs.children] == ["Hub A", "Hub B"]


def test_a_school_contact_gets_no_hub_or_network_pages(contact_a):
    items = navigation.nav_items_for(contact_a)

    assert "My hub" not in labels(items) and "Network data" not in labels(items)
    assert reverse("history:list") not in urls_of(items)
    assert reverse("dashboard") in urls_of(items)


@pytest.mark.parametrize("role", ["central_team", "hub_manager_a", "senior_partner_a", "contact_a"])
def test_every_link_in_a_roles_navigation_opens(request, client_for, role):
    user = request.getfixturevalue(role)
    client = client_for(user)

    for url in urls_of(navigation.nav_items_for(user)):
        assert client.get(url, follow=True).status_code == 200, url


def test_the_menu_of_the_page_shown_is_marked(client_for, hub_manager_a, hub_a):
    html = client_for(hub_manager_a).get(reverse("events:hub_events", args=[hub_a.slug])).content
    html = html.decode()

    assert f'href="{reverse("events:hub_events", args=[hub_a.slug])}" aria-current="page"' in html
    assert 'data-bs-toggle="dropdown"' in html


def test_the_hub_page_has_the_hubs_own_tabs(client_for, senior_partner_a, hub_a):
    html = client_for(senior_partner_a).get(reverse("hubs:detail", args=[hub_a.slug])).content
    html = html.decode()

    assert 'aria-label="Hub pages"' in html
    for name in ("hubs:funding", "hubs:action_plan", "events:hub_events", "hubs:membership"):
        assert f'href="{reverse(name, args=[hub_a.slug])}"' in html


def test_apps_that_add_to_one_menu_share_it(central_team):
    items = navigation.nav_items_for(central_team)

    assert labels(items).count("Network data") == 1
    data = next(item for item in items if item.label == "Network data")
    assert {reverse("hubs:gias_import"), reverse("publicdata:import_ofsted")} <= {
        child.url for child in data.children
    }
