"""Academic years (September to August) and the joiners, leavers and moves counted in each.

The network built below, with hub A and hub B:
- Oak: in A since 1 Sept 2020, still a member;
- Pine: joined A on 1 Sept 2023, the first day of 2023/24;
- Yew: joined A on 31 Aug 2023, the last day of 2022/23;
- Rowan: in A since 2020, left on 31 Aug 2024 (its first day out), so left in 2023/24;
- Hazel: in A since 2020, moved to B on 15 Jan 2025 (2024/25).
"""

import datetime

import pytest
from django.urls import reverse

from hubs.models import Membership
from hubs.operations.queries import membership_movements
from hubs.years import (
    academic_year_end,
    academic_year_label,
    academic_year_of,
    academic_year_start,
)
from tests.factories.hubs import SchoolFactory

SINCE = datetime.date(2020, 9, 1)


@pytest.mark.parametrize(
    "day, year",
    [
        (datetime.date(2024, 8, 31), 2023),
        (datetime.date(2024, 9, 1), 2024),
        (datetime.date(2024, 12, 31), 2024),
        (datetime.date(2025, 1, 1), 2024),
        (datetime.date(2025, 8, 31), 2024),
    ],
)
def test_a_day_belongs_to_the_academic_year_that_started_the_september_before(day, year):
    assert academic_year_of(day) == year


def test_an_academic_year_runs_from_september_to_august_and_is_named_for_both_years():
    assert (academic_year_start(2025), academic_year_end(2025)) == (
        datetime.date(2025, 9, 1),
        datetime.date(2026, 8, 31),
    )
    assert (academic_year_label(2025), academic_year_label(1999)) == ("2025/26", "1999/00")


def member(hub, name, joined_on, left_on=None, reason=""):
    school = SchoolFactory(name=name)
    return Membership.objects.create(
        school=school, hub=hub, joined_on=joined_on, left_on=left_on, leave_reason=reason
    )


@pytest.fixture
def network(hub_a, hub_b):
    member(hub_a, "Oak", SINCE)
    member(hub_a, "Pine", datetime.date(2023, 9, 1))
    member(hub_a, "Yew", datetime.date(2023, 8, 31))
    member(hub_a, "Rowan", SINCE, datetime.date(2024, 8, 31), Membership.LeaveReason.LEFT)
    moved_on = datetime.date(2025, 1, 15)
    hazel = member(hub_a, "Hazel", SINCE, moved_on, Membership.LeaveReason.MOVED)
    Membership.objects.create(school=hazel.school, hub=hub_b, joined_on=moved_on)


def counts(rows):
    keys = ("joined", "moved_in", "left", "moved_out", "members")
    return {row["year"]: tuple(row[key] for key in keys) for row in rows}


def test_the_network_counts_each_change_in_its_academic_year(network):
    assert counts(membership_movements([2022, 2023, 2024])) == {
        # joined, moved in, left, moved out, members on 31 August
        2022: (1, 0, 0, 0, 4),
        2023: (1, 0, 1, 0, 4),
        # A move is neither a joiner nor a leaver of the network.
        2024: (0, 1, 0, 1, 4),
    }


def test_each_hub_counts_a_move_as_out_of_one_and_into_the_other(network, hub_a, hub_b):
    assert counts(membership_movements([2024], hub_ids=[hub_a.id])) == {2024: (0, 0, 0, 1, 3)}
    assert counts(membership_movements([2024], hub_ids=[hub_b.id])) == {2024: (0, 1, 0, 0, 1)}


def test_the_counts_take_one_query_for_any_number_of_years(network, django_assert_num_queries):
    with django_assert_num_queries(1):
        membership_movements(list(range(2015, 2026)))


def test_the_membership_page_shows_the_hubs_movements(client_for, hub_manager_a, network, hub_a):
    page = client_for(hub_manager_a).get(
        reverse("hubs:membership", args=[hub_a.slug]), {"year": 2024}
    )

    rows = [" ".join(row.split()) for row in page.content.decode().split("<tr>")]
    row = next(row for row in rows if row.startswith('<th scope="row" class="fw-normal">2024/25'))
    cells = [cell.split("<")[0] for cell in row.split('<td class="text-end">')[1:]]
    assert cells == ["0", "0", "0", "1", "3"]
