import datetime

import pytest

from hubs.choices import Governance, Phase
from hubs.figures import hub_figures, network_figures, school_figures
from hubs.models import Membership, School
from hubs.services import membership_join, membership_leave, membership_move
from tests.factories.hubs import HubFactory, SchoolFactory

pytestmark = pytest.mark.django_db

YEAR = 2025  # 2025/26: 1 September 2025 to 31 August 2026


def test_counts_schools_pupils_and_mixes_in_one_query(django_assert_num_queries):
    hub = HubFactory()
    SchoolFactory(
        hub=hub, phase=Phase.PRIMARY, governance=Governance.ACADEMY_CONVERTER, pupils_on_roll=200
    )
    SchoolFactory(
        hub=hub, phase=Phase.PRIMARY, governance=Governance.COMMUNITY, pupils_on_roll=None
    )
    SchoolFactory(
        hub=hub, phase=Phase.SECONDARY, governance=Governance.ACADEMY_SPONSORED, pupils_on_roll=1000
    )
    SchoolFactory(
        hub=hub, phase=Phase.SPECIAL, governance=Governance.FREE_SCHOOL, pupils_on_roll=100
    )

    with django_assert_num_queries(1):
        figures = school_figures(School.objects.filter(hub=hub))

    assert figures.schools == 4
    assert figures.pupils == 1300
    assert [(s.label, s.count, s.percent) for s in figures.phases] == [
        ("Primary", 2, 50.0),
        ("Secondary", 1, 25.0),
        ("Special", 1, 25.0),
    ]
    assert [(s.label, s.count, s.percent) for s in figures.governance] == [
        ("Academy", 2, 50.0),
        ("Free school", 1, 25.0),
        ("Maintained", 1, 25.0),
    ]


def test_no_schools_gives_zeros_not_errors():
    figures = school_figures(School.objects.none())

    assert (figures.schools, figures.pupils, figures.phases) == (0, 0, [])


def test_hub_counts_moves_in_and_out_but_the_network_does_not(django_assert_num_queries):
    hub_a, hub_b = HubFactory(), HubFactory()
    mover = SchoolFactory()
    membership_join(school=mover, hub=hub_a, joined_on=datetime.date(2018, 9, 1))
    membership_move(school=mover, to_hub=hub_b, moved_on=datetime.date(2025, 11, 1))
    newcomer = SchoolFactory()
    membership_join(school=newcomer, hub=hub_a, joined_on=datetime.date(2026, 1, 5))
    leaver = SchoolFactory()
    membership_join(school=leaver, hub=hub_b, joined_on=datetime.date(2015, 9, 1))
    membership_leave(school=leaver, left_on=datetime.date(2026, 7, 31))
    # Outside the year: joined before it, left after it.
    old = SchoolFactory()
    membership_join(school=old, hub=hub_a, joined_on=datetime.date(2025, 8, 31))
    membership_leave(school=old, left_on=datetime.date(2026, 9, 1))

    with django_assert_num_queries(2):
        _, hub_a_figures = hub_figures([hub_a.pk], YEAR)
    _, hub_b_figures = hub_figures([hub_b.pk], YEAR)
    with django_assert_num_queries(2):
        _, network = network_figures(YEAR)

    assert (hub_a_figures.joiners, hub_a_figures.leavers) == (1, 1)  # newcomer; mover out
    assert (hub_b_figures.joiners, hub_b_figures.leavers) == (1, 1)  # mover in; leaver
    assert (network.joiners, network.leavers) == (1, 1)  # newcomer; leaver
    assert network.academic_year_label == "2025/26"


def test_network_figures_count_only_schools_in_a_hub():
    SchoolFactory(hub=HubFactory(), pupils_on_roll=10)
    SchoolFactory(pupils_on_roll=1000)

    schools, _ = network_figures(YEAR)

    assert (schools.schools, schools.pupils) == (1, 10)


def test_a_membership_closed_in_the_year_it_opened_counts_once_each_way():
    hub = HubFactory()
    school = SchoolFactory()
    Membership.objects.create(
        school=school,
        hub=hub,
        joined_on=datetime.date(2025, 10, 1),
        left_on=datetime.date(2026, 3, 1),
    )

    _, figures = hub_figures([hub.pk], YEAR)

    assert (figures.joiners, figures.leavers) == (1, 1)
