"""Putting many schools into hubs from a CSV of URN and hub: all rows or none."""

import datetime

import pytest
from django.core.management import call_command

from hubs.imports import import_memberships
from hubs.models import ImportRun, Membership, School
from tests.factories.hubs import HubFactory, SchoolFactory
from tests.imports import upload

TODAY = datetime.date(2026, 11, 24)

pytestmark = pytest.mark.django_db


def run(text: str, *, dry_run: bool = False):
    return import_memberships(text.encode(), dry_run=dry_run, today=TODAY)


@pytest.fixture
def outsiders(db):
    return [SchoolFactory(urn="200001"), SchoolFactory(urn="200002")]


def test_schools_join_the_named_hubs_and_a_member_moves(outsiders, hub_a, hub_b, school_a):
    result = run(
        "URN,hub,joined_on\n"
        f"200001,{hub_a.slug},01-09-2026\n"
        f"200002,{hub_b.name},\n"
        f"{school_a.urn},{hub_b.slug},01-11-2026\n"
    )

    assert result.ok and result.applied
    assert (len(result.joins), len(result.moves)) == (2, 1)
    assert School.objects.get(urn="200001").hub == hub_a
    assert Membership.objects.get(school__urn="200001").joined_on == datetime.date(2026, 9, 1)
    joined = Membership.objects.get(school__urn="200002")
    assert (joined.hub, joined.joined_on) == (hub_b, TODAY)
    school_a.refresh_from_db()
    assert school_a.hub == hub_b
    moved_from = Membership.objects.get(school=school_a, hub=hub_a)
    assert moved_from.left_on == datetime.date(2026, 11, 1)
    assert moved_from.leave_reason == Membership.LeaveReason.MOVED


def test_a_dry_run_changes_nothing(outsiders, hub_a):
    result = run(f"URN,hub\n200001,{hub_a.slug}\n", dry_run=True)

    assert result.ok and not result.applied
    assert len(result.joins) == 1
    assert not Membership.objects.filter(school__urn="200001").exists()


def test_a_second_run_of_the_same_file_changes_nothing(outsiders, hub_a):
    text = f"URN,hub\n200001,{hub_a.slug}\n"
    run(text)

    again = run(text)

    assert (again.joins, again.moves, again.unchanged) == ([], [], 1)
    assert Membership.objects.filter(school__urn="200001").count() == 1


def test_any_bad_row_changes_nothing_and_every_bad_row_is_reported(outsiders, hub_a):
    result = run(
        "URN,hub\n"
        f"200001,{hub_a.slug}\n"
        "12345,hub-a\n"
        "999999,hub-a\n"
        "200002,no-such-hub\n"
        f"200001,{hub_a.slug}\n"
    )

    assert not result.ok and not result.applied
    lines = dict(result.errors)
    assert sorted(lines) == [3, 4, 5, 6]
    assert "999999" in lines[4]
    assert "no-such-hub" in lines[5]
    assert "appears twice" in lines[6]
    assert not Membership.objects.filter(school__in=outsiders).exists()


def test_a_file_without_the_hub_column_is_refused_on_line_one(outsiders):
    result = run("URN\n200001\n")

    assert result.errors[0][0] == 1
    assert "hub" in result.errors[0][1]


def test_a_dry_run_refuses_what_a_real_run_would_refuse(outsiders, hub_a, hub_b, school_a):
    # school_a joined hub A on 1 September 2020; a move dated before that cannot be made.
    text = f"URN,hub,joined_on\n200001,{hub_a.slug},01-09-2026\n{school_a.urn},hub-b,01-01-2019\n"

    checked = run(text, dry_run=True)
    imported = run(text)

    assert [line for line, _ in checked.errors] == [3]
    assert checked.errors == imported.errors
    assert not imported.applied
    assert not Membership.objects.filter(school__urn="200001").exists()
    school_a.refresh_from_db()
    assert school_a.hub == hub_a


@pytest.mark.parametrize(
    "row, reason",
    [
        (",hub-a", "URN is missing."),
        ("2000011,hub-a", "URN"),
        ("200001,hub-a,2026-13-01", "not a date"),
        ("200001,hub-a,01-09-2026,extra", "4 cells but the header has 3"),
    ],
)
def test_each_kind_of_bad_row_is_named_with_its_line(outsiders, hub_a, row, reason):
    result = run(f"URN,hub,joined_on\n200002,hub-a\n{row}\n")

    [(line, message)] = result.errors
    assert line == 3
    assert reason in message
    assert not Membership.objects.filter(school__in=outsiders).exists()


def test_a_joiner_takes_the_date_in_any_of_the_accepted_forms(outsiders, hub_a, hub_b):
    run("URN,hub,joined_on\n200001,hub-a,2026-09-01\n200002,Hub B,01/10/2026\n")

    assert Membership.objects.get(school__urn="200001").joined_on == datetime.date(2026, 9, 1)
    assert Membership.objects.get(school__urn="200002").joined_on == datetime.date(2026, 10, 1)


def test_a_windows_1252_file_with_a_hub_name_is_read(outsiders):
    hub = HubFactory(name="Côte Hub", slug="cote")

    result = import_memberships(
        "URN,hub\n200001,Côte Hub\n".encode("cp1252"), dry_run=False, today=TODAY
    )

    assert result.applied
    assert School.objects.get(urn="200001").hub == hub


def test_every_run_is_recorded_with_what_it_did(outsiders, hub_a, central_team):
    import_memberships(
        b"URN,hub\n200001,hub-a\n", dry_run=False, today=TODAY, file_name="a.csv", user=central_team
    )
    import_memberships(b"URN,hub\n999999,hub-a\n", dry_run=False, today=TODAY, file_name="b.csv")

    good, bad = ImportRun.objects.order_by("id")
    assert (good.file_name, good.created, good.bad_rows, good.run_by) == (
        "a.csv",
        1,
        0,
        central_team,
    )
    assert (bad.file_name, bad.created, bad.bad_rows) == ("b.csv", 0, 1)


def test_the_upload_page_checks_then_imports(client_for, central_team, outsiders, hub_a):
    client = client_for(central_team)

    data = b"URN,hub\n200001,hub-a\n"

    checked = upload(client, "hubs:membership_import", "m.csv", data, "dry_run")
    assert not Membership.objects.filter(school__urn="200001").exists()
    assert "1 join, 0 moves, 0 already in that hub." in checked.content.decode()
    upload(client, "hubs:membership_import", "m.csv", data, "import")
    assert School.objects.get(urn="200001").hub == hub_a


def test_the_command_dry_run_and_import(tmp_path, outsiders, hub_a, capsys):
    path = tmp_path / "members.csv"
    path.write_text("URN,hub\n200001,hub-a\n")

    call_command("import_hub_memberships", str(path), "--dry-run")
    assert not Membership.objects.filter(school__urn="200001").exists()
    call_command("import_hub_memberships", str(path))

    assert School.objects.get(urn="200001").hub == hub_a
    assert "1 join(s), 0 move(s), 0 unchanged." in capsys.readouterr().out
