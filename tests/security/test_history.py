"""Every change to a record is in its history, and the central team can read it."""

import pytest
from django.urls import reverse

from hubs.models import Trust
from tests.factories.hubs import TrustFactory
from tests.factories.people import UserFactory

URL = reverse("history:list")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        email="admin@example.org", full_name="Ada Admin", is_staff=True, is_superuser=True
    )


def test_an_admin_change_is_recorded_with_the_admin_as_author(client_for, admin_user):
    trust = TrustFactory(name="Oak Trust")
    client = client_for(admin_user)

    response = client.post(
        reverse("admin:hubs_trust_change", args=[trust.pk]),
        {"name": "Oak Learning Trust", "reference": "TR0001"},
    )

    assert response.status_code == 302
    latest = trust.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == admin_user
    assert latest.name == "Oak Learning Trust"


def test_the_central_team_reads_who_changed_what_and_when(client_for, central_team, admin_user):
    trust = TrustFactory(name="Oak Trust")
    client_for(admin_user).post(
        reverse("admin:hubs_trust_change", args=[trust.pk]),
        {"name": "Oak Learning Trust", "reference": "TR0001"},
    )

    response = client_for(central_team).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Oak Learning Trust" in html
    assert "Ada Admin" in html
    assert "Changed" in html and "Created" in html


def test_changes_filter_by_kind_of_record(client_for, central_team, school_a):
    TrustFactory(name="Elm Trust")

    response = client_for(central_team).get(URL, {"record_type": "hubs.trust"})

    html = response.content.decode()
    assert "Elm Trust" in html
    assert school_a.name not in html


def test_an_unknown_kind_of_record_shows_everything_rather_than_failing(client_for, central_team):
    TrustFactory(name="Elm Trust")

    response = client_for(central_team).get(URL, {"record_type": "nope.nothing", "page": "x"})

    assert response.status_code == 200
    assert "Elm Trust" in response.content.decode()


def test_changes_are_paginated_newest_first(client_for, central_team):
    for n in range(55):
        TrustFactory(name=f"Trust number {n:02d}")
    client = client_for(central_team)

    first = client.get(URL, {"record_type": "hubs.trust"}).content.decode()
    second = client.get(URL, {"record_type": "hubs.trust", "page": 2}).content.decode()

    assert "Trust number 54" in first and "Trust number 05" in first
    assert "Trust number 04" not in first
    assert "Older" in first
    assert "Trust number 04" in second and "Trust number 00" in second
    assert "Older" not in second


@pytest.mark.parametrize("rows", [5, 50])
def test_the_page_costs_a_bounded_number_of_queries(
    client_for, central_team, django_assert_max_num_queries, rows, hub_a
):
    for n in range(rows):
        TrustFactory(name=f"Trust {n}")
        hub_a.name = f"Hub A {n}"
        hub_a.save()
    client = client_for(central_team)

    # Session, user, device, the union page, one read per kind of record on the page (trusts,
    # hubs, people, schools), the kinds for the filter: about a dozen whatever the size.
    with django_assert_max_num_queries(14):
        response = client.get(URL)
    assert response.status_code == 200


def test_history_records_deletes_too(client_for, central_team):
    trust = TrustFactory(name="Gone Trust")
    trust.delete()

    html = client_for(central_team).get(URL, {"record_type": "hubs.trust"}).content.decode()

    assert "Deleted" in html
    assert Trust.history.filter(history_type="-").count() == 1


# Records that are themselves a log of changes, or plumbing, rather than domain records.
NOT_HISTORY_KEEPING = {"ReviewStatusChange", "RequestEvent", "ImportRun", "FormSubmission"}
# Hashes of sign-in secrets: a history would only keep copies of them.
NOT_HISTORY_KEEPING |= {"RecoveryCode"}


def test_every_domain_record_keeps_its_history():
    from django.apps import apps

    untracked = [
        model.__name__
        for app in ("hubs", "reviews", "brokering", "partnership")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        and not hasattr(model, "history")
        and model.__name__ not in NOT_HISTORY_KEEPING
    ]

    assert untracked == []
