"""Headline figures for a set of schools or memberships, each group worked out in one query."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

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


def _shares(counts: list[tuple[str, int]], total: int) -> list[Share]:
    """The groups that have any schools, each with its share of the total."""
    return [Share(label, count, round(100 * count / total, 1)) for label, count in counts if count]


def school_figures(schools: QuerySet[School]) -> SchoolFigures:
    """Schools, pupils and the phase and governance mix, in one query.

    Grouped by phase and governance (a few dozen rows at most) and totalled here: a dozen
    filtered counts cost more to build than the database takes to run them.
    """
    rows = (
        schools.order_by()
        .values_list("phase", "governance")
        .annotate(n=Count("id"), pupils=Sum("pupils_on_roll"))
    )
    total = pupils = 0
    by_phase: dict[str, int] = {}
    by_governance: dict[str, int] = {}
    for phase, governance, n, group_pupils in rows:
        total += n
        pupils += group_pupils or 0
        by_phase[phase] = by_phase.get(phase, 0) + n
        by_governance[governance] = by_governance.get(governance, 0) + n
    phases = [(label, by_phase.get(value, 0)) for value, label in Phase.choices]
    governance = [
        (label, sum(by_governance.get(value, 0) for value in values))
        for label, values in GOVERNANCE_GROUPS
    ]
    return SchoolFigures(
        schools=total,
        pupils=pupils,
        phases=_shares(phases, total),
        governance=_shares(governance, total),
    )


def membership_figures(
    memberships: QuerySet[Membership], academic_year: int, *, network: bool = False
) -> MembershipFigures:
    """Schools that joined and left in an academic year, in one query.

    For a hub, a school moving in or out counts as a joiner or leaver. For the network as a
    whole (`network=True`) a move is neither: the school never left.
    """
    start, end = academic_year_start(academic_year), academic_year_end(academic_year)
    joined = Q(joined_on__range=(start, end))
    left = Q(left_on__range=(start, end))
    if network:
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
            membership_figures(Membership.objects.all(), academic_year, network=True),
        ),
    )


def network_cached(key: str, count: Callable[[], T]) -> T:
    """Figures over the whole network, counted at most once per NETWORK_FIGURES_CACHE_SECONDS.

    Each counts every school, review or request; the central team can wait two minutes for a
    new one to show rather than every page view counting them all again. Keys carry the
    network's version, which any change to a counted record moves on (network_changed), so
    every process sharing the cache stops using the old figures at once. Without a shared cache
    (or any cache) the figures are only counted more often: never wrong for longer than the TTL.
    """
    return cache.get_or_set(
        key, count, settings.NETWORK_FIGURES_CACHE_SECONDS, version=network_version()
    )


VERSION_KEY = "network-figures-version"


def network_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (evicted, or a new cache): start a new version rather than trust old entries.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def network_changed() -> None:
    """Figures counted before this change are not used again, once the change commits."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, time.time_ns(), None))


# The apps whose records the cached network figures count (schools and memberships, reviews
# and feedback, support requests and engagements). Any change to one of their records moves the
# figures on: changes are rare next to page views, and a figure is never stale for that long.
COUNTED_APPS = {"hubs", "reviews", "brokering"}


@receiver([post_save, post_delete])
def _network_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in COUNTED_APPS:
        network_changed()
