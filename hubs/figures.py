"""Headline figures for a set of schools or memberships, each group worked out in one query."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from hubs.choices import Governance, Phase
from hubs.models import Membership, School
from hubs.years import academic_year_end, academic_year_label, academic_year_start

T = TypeVar("T")

# Governance is shown in the five groups people talk about, not the nine GIAS categories.
GOVERNANCE_GROUPS: list[tuple[str, list[str]]] = [
    ("Academy", [Governance.ACADEMY_CONVERTER, Governance.ACADEMY_SPONSORED]),
    ("Free school", [Governance.FREE_SCHOOL]),
    (
        "Maintained",
        [
            Governance.COMMUNITY,
            Governance.VOLUNTARY_AIDED,
            Governance.VOLUNTARY_CONTROLLED,
            Governance.FOUNDATION,
        ],
    ),
    ("Independent", [Governance.INDEPENDENT]),
    ("Other", [Governance.OTHER]),
]


@dataclass(frozen=True)
class Share:
    """One part of a mix: how many schools, and what percentage of all of them."""

    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class SchoolFigures:
    schools: int
    pupils: int
    phases: list[Share]
    governance: list[Share]


@dataclass(frozen=True)
class MembershipFigures:
    academic_year: int
    joiners: int
    leavers: int

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)


def _shares(row: dict, keys: list[tuple[str, str]], total: int) -> list[Share]:
    return [
        Share(label, row[key], round(100 * row[key] / total, 1) if total else 0.0)
        for label, key in keys
    ]


def school_figures(schools: QuerySet[School]) -> SchoolFigures:
    """Schools, pupils and the phase and governance mix, in one query."""
    phase_keys = [(label, f"phase_{value}") for value, label in Phase.choices]
    governance_keys = [(label, f"governance_{n}") for n, (label, _) in enumerate(GOVERNANCE_GROUPS)]
    aggregates = {"schools": Count("id"), "pupils": Sum("pupils_on_roll")}
    for value, _ in Phase.choices:
        aggregates[f"phase_{value}"] = Count("id", filter=Q(phase=value))
    for n, (_, values) in enumerate(GOVERNANCE_GROUPS):
        aggregates[f"governance_{n}"] = Count("id", filter=Q(governance__in=values))
    row = schools.order_by().aggregate(**aggregates)
    total = row["schools"]
    return SchoolFigures(
        schools=total,
        pupils=row["pupils"] or 0,
        phases=[share for share in _shares(row, phase_keys, total) if share.count],
        governance=[share for share in _shares(row, governance_keys, total) if share.count],
    )


def membership_figures(
    memberships: QuerySet[Membership], academic_year: int, *, whole_network: bool = False
) -> MembershipFigures:
    """Schools that joined and left in an academic year, in one query.

    For a hub, a school moving in or out counts as a joiner or leaver. For the whole network a
    move is neither: the school never left.
    """
    start, end = academic_year_start(academic_year), academic_year_end(academic_year)
    joined = Q(joined_on__range=(start, end))
    left = Q(left_on__range=(start, end))
    if whole_network:
        moved_in = Exists(
            Membership.objects.filter(
                school_id=OuterRef("school_id"),
                left_on=OuterRef("joined_on"),
                leave_reason=Membership.LeaveReason.MOVED,
            )
        )
        joined &= ~moved_in
        left &= ~Q(leave_reason=Membership.LeaveReason.MOVED)
    row = (
        memberships.order_by()
        .filter(Q(joined_on__range=(start, end)) | Q(left_on__range=(start, end)))
        .aggregate(joiners=Count("id", filter=joined), leavers=Count("id", filter=left))
    )
    return MembershipFigures(academic_year, row["joiners"], row["leavers"])


def hub_figures(hub_ids, academic_year: int) -> tuple[SchoolFigures, MembershipFigures]:
    """The figures for one or more hubs: their schools now and this year's joiners and leavers."""
    return (
        school_figures(School.objects.filter(hub_id__in=hub_ids)),
        membership_figures(Membership.objects.filter(hub_id__in=hub_ids), academic_year),
    )


def network_figures(academic_year: int) -> tuple[SchoolFigures, MembershipFigures]:
    """The whole network's figures: every member school, and schools joining or leaving it.

    Kept for a while: see network_cached.
    """

    return network_cached(
        f"network-figures:{academic_year}",
        lambda: (
            school_figures(School.objects.members()),
            membership_figures(Membership.objects.all(), academic_year, whole_network=True),
        ),
    )


def network_cached(key: str, count: Callable[[], T]) -> T:
    """Figures over the whole network, counted at most once per NETWORK_FIGURES_CACHE_SECONDS.

    Each counts every school, review or request; the central team can wait two minutes for a
    new one to show rather than every page view counting them all again.
    """
    return cache.get_or_set(key, count, settings.NETWORK_FIGURES_CACHE_SECONDS)
