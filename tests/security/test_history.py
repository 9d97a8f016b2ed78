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

    # Session, user, device, the union page; per kind of record on the page (trusts, hubs):
    # its rows with the id of each one's previous version, those versions, and the records as
    # they are now (for their names and links). Twelve whatever the size.
    with django_assert_max_num_queries(14):
        response = client.get(URL)
    assert response.status_code == 200


def test_a_row_links_to_the_record_and_names_it_by_its_reference(
    client_for, central_team, school_a
):
    school_a.name = "Alder Primary Academy"
    school_a.save()

    html = client_for(central_team).get(URL, {"record_type": "hubs.school"}).content.decode()

    assert f'<a href="{school_a.get_absolute_url()}">{school_a}</a>' in html
    assert f"School #{school_a.pk}" not in html


def test_a_record_without_a_page_links_to_its_admin_page(client_for, central_team):
    trust = TrustFactory(name="Ash Trust")

    html = client_for(central_team).get(URL, {"record_type": "hubs.trust"}).content.decode()

    assert reverse("admin:hubs_trust_change", args=[trust.pk]) in html


def test_a_change_shows_each_field_before_and_after(client_for, central_team, admin_user):
    trust = TrustFactory(name="Oak Trust")
    client_for(admin_user).post(
        reverse("admin:hubs_trust_change", args=[trust.pk]),
        {"name": "Oak Learning Trust", "reference": trust.reference},
    )

    html = client_for(central_team).get(URL, {"record_type": "hubs.trust"}).content.decode()

    assert "<del>Oak Trust</del>" in html
    assert "<ins>Oak Learning Trust</ins>" in html
    # The reference did not change, so it is not listed.
    assert f"<del>{trust.reference}</del>" not in html


def test_a_deleted_record_keeps_its_name_and_has_no_link(client_for, central_team):
    trust = TrustFactory(name="Gone Trust")
    url = reverse("admin:hubs_trust_change", args=[trust.pk])
    trust.delete()

    html = client_for(central_team).get(URL, {"record_type": "hubs.trust"}).content.decode()

    assert "Gone Trust" in html
    assert url not in html


def test_signing_in_adds_no_row_to_the_persons_history(client, hub_manager_a):
    before = hub_manager_a.history.count()

    # force_login signs in as a login does: user_logged_in stamps last_login.
    client.force_login(hub_manager_a)

    hub_manager_a.refresh_from_db()
    assert hub_manager_a.last_login is not None
    assert hub_manager_a.history.count() == before


def test_a_real_change_to_a_person_is_still_recorded(hub_manager_a):
    before = hub_manager_a.history.count()
    hub_manager_a.full_name = "Mina Manager-Jones"
    hub_manager_a.save()

    assert hub_manager_a.history.count() == before + 1


def test_the_history_page_has_no_inline_style(client_for, central_team, school_a):
    html = client_for(central_team).get(URL).content.decode()

    assert "style=" not in html


def test_history_records_deletes_too(client_for, central_team):
    trust = TrustFactory(name="Gone Trust")
    trust.delete()

    html = client_for(central_team).get(URL, {"record_type": "hubs.trust"}).content.decode()

    assert "Deleted" in html
    assert Trust.history.filter(history_type="-").count() == 1


# Records that are themselves a log of changes, or plumbing, rather than domain records.
NOT_HISTORY_KEEPING = {"ReviewStatusChange", "RequestEvent", "ImportRun", "FormSubmission"}
# A job's log lines are written once and never edited: they are a log already.
NOT_HISTORY_KEEPING |= {"JobLogEntry"}
# A record that a weekly email went out (one row per person and week, never edited).
NOT_HISTORY_KEEPING |= {"DigestSent"}
# A log of emails sent about a review (written once, never edited).
NOT_HISTORY_KEEPING |= {"ReviewEmail"}


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


def test_the_migration_drops_the_rows_signing_in_left_and_keeps_real_changes(hub_manager_a):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("partnership.migrations.0005_drop_sign_in_rows_from_user_history")
    hub_manager_a.save()  # as a sign-in did before: a row identical to the one before it
    hub_manager_a.full_name = "Mina Manager-Jones"
    hub_manager_a.save()
    kept = hub_manager_a.history.count() - 1

    migration.drop_rows_that_change_nothing(apps, None)

    assert hub_manager_a.history.count() == kept
    assert hub_manager_a.history.latest().full_name == "Mina Manager-Jones"
