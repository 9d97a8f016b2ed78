"""The subject-access export: the central team downloads everything held about one person."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.brokering import SupportRequestFactory
from tests.factories.people import UserFactory
from tests.privacy.conftest import LEAVER_EMAIL, LEAVER_NAME

pytestmark = pytest.mark.django_db


def download(client, person) -> dict:
    response = client.get(reverse("privacy:export", kwargs={"pk": person.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="personal-data-{person.pk}-'
    )
    return json.loads(response.content)


def test_the_export_holds_every_apps_records_of_the_person(client_for, central_team, leaver):
    data = download(client_for(central_team), leaver)
    records = data["records"]

    assert data["about"] == {"user_id": leaver.pk, "email": LEAVER_EMAIL, "full_name": LEAVER_NAME}
    assert data["exported_by"] == central_team.email
    assert records["profile"][0]["job_title"] == "Headteacher"
    assert [row["job_title"] for row in records["account_history"]] == [
        "Deputy head",
        "Headteacher",
    ]
    assert records["hub_manager_of"] == [{"name": "Hub A"}]
    assert {row["hub_name"] for row in records["hub_manager_history"]} == {"Hub A"}
    assert records["school_contact_of"][0]["school_name"] == "Alder Primary"
    assert records["school_contact_history"][0]["history_type"] == "+"
    assert records["reviewer"][0]["role"] == "peer"
    assert [row["review_id"] for row in records["reviews_sat_on"]] == [leaver.team_member.review_id]
    assert records["review_feedback_given"][0]["comment"] == "Sharp and kind."
    assert [row["id"] for row in records["support_requests_raised_or_brokered"]] == [
        leaver.request.pk
    ]
    assert records["support_feedback_given"][0]["quality_rating"] == 8
    assert {(row["record_type"], row["record_id"]) for row in records["changes_made"]} == {
        ("brokering.supportrequest", leaver.request.pk)
    }
    assert records["failed_sign_ins"][0]["ip_address"] == "192.0.2.7"
    assert len(records["sessions"]) == 1
    assert sorted(row["type"] for row in records["second_factor"]) == ["recovery_codes", "totp"]
    assert records["sign_in_email_addresses"][0]["email"] == leaver.email
    assert records["forms_sent"][0]["result_url"] == "/brokering/"


def test_the_export_leaves_out_other_people(client_for, central_team, leaver):
    other = UserFactory(full_name="Olly Other", email="olly@example.org")
    SupportRequestFactory(raised_by=other)

    body = json.dumps(download(client_for(central_team), leaver))

    assert "Olly Other" not in body
    assert "olly@example.org" not in body


def test_second_factor_secrets_and_codes_are_never_exported(client_for, central_team, leaver):
    data = download(client_for(central_team), leaver)

    for row in data["records"]["second_factor"]:
        assert set(row) == {"type", "created_at", "last_used_at"}


def export_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as queries:
        download(client, person)
    return len(queries)


def test_the_export_costs_the_same_queries_for_more_records(client_for, central_team, leaver):
    client = client_for(central_team)
    few = export_queries(client, leaver)

    SupportRequestFactory.create_batch(5, school=leaver.request.school, raised_by=leaver)

    assert export_queries(client, leaver) == few


@pytest.mark.parametrize("role", ["hub_manager_a", "senior_partner_a", "contact_a"])
def test_nobody_but_the_central_team_finds_the_export(request, client_for, leaver, role):
    client = client_for(request.getfixturevalue(role))

    assert client.get(reverse("privacy:export", kwargs={"pk": leaver.pk})).status_code == 404
    assert client.get(reverse("privacy:people"), {"q": "Leaver"}).status_code == 404


def test_an_unknown_person_is_404(client_for, central_team):
    response = client_for(central_team).get(reverse("privacy:export", kwargs={"pk": 999_999}))

    assert response.status_code == 404


def test_the_search_finds_people_by_part_of_their_name_or_email(client_for, central_team, leaver):
    UserFactory(full_name="Olly Other", email="olly@example.org")
    client = client_for(central_team)
    export_url = reverse("privacy:export", kwargs={"pk": leaver.pk})

    by_name = client.get(reverse("privacy:people"), {"q": "leav"})
    by_email = client.get(reverse("privacy:people"), {"q": "pat.leaver@"})

    for response in (by_name, by_email):
        assert response.status_code == 200
        assert export_url in response.content.decode()
        assert "Olly Other" not in response.content.decode()


def test_the_search_page_starts_empty(client_for, central_team, leaver):
    response = client_for(central_team).get(reverse("privacy:people"))

    assert response.status_code == 200
    assert LEAVER_NAME not in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_the_search_runs_the_same_queries_whatever_it_finds(
    client_for, central_team, size, django_assert_num_queries
):
    UserFactory.create_batch(size, full_name="Sam Searched")
    client = client_for(central_team)

    # The session, the user and one page of people (not counted).
    with django_assert_num_queries(3):
        response = client.get(reverse("privacy:people"), {"q": "searched"})

    assert response.content.decode().count('/export/" download>') == min(size, 25)


def test_the_admin_user_page_links_to_the_export(client_for, leaver):
    from tests.factories.people import AdminFactory

    response = client_for(AdminFactory()).get(
        reverse("admin:partnership_user_change", args=[leaver.pk])
    )

    assert reverse("privacy:export", kwargs={"pk": leaver.pk}) in response.content.decode()
