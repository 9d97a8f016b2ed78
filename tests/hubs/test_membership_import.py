"""Putting many schools into hubs from a CSV of URN and hub: all rows or none."""

import datetime

import pytest

from hubs.imports import import_memberships
from hubs.models import Membership, School
from tests.factories.hubs import SchoolFactory

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
