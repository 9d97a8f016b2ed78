"""Demo hub operations: fee bands and fees, funding and spend, action plans, events.

The last three academic years for every hub, loaded with bulk inserts and COPY (a thousand hubs
at national scale). Spend that takes a hub over its allocation is flagged, as the app flags it.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from demo.context import DemoContext, bulk_loading, copy_rows
from events.models import Event
from hubs.models import (
    ActionPriority,
    FeeBand,
    FundingAllocation,
    Hub,
    MembershipFee,
    School,
    SpendCategory,
    SpendEntry,
)
from hubs.operations import services as ops
from hubs.years import academic_year_start

YEARS = 3
BANDS = [(0, 249, Decimal("1200.00")), (250, 599, Decimal("1800.00")), (600, None, Decimal("2500"))]
SPEND = {
    SpendCategory.WORKSHOPS_AND_EVENTS: "Termly workshop: venue and refreshments",
    SpendCategory.STAFF_TRAINING: "Training for middle leaders",
    SpendCategory.RESEARCH_PROJECTS: "Research project on oracy",
    SpendCategory.HUB_ADMINISTRATION: "Hub administration",
    SpendCategory.SCHOOL_TO_SCHOOL_SUPPORT: "Release time for school-to-school support",
}
PRIORITIES = [
    ("Raise attainment in reading", "Every school's KS2 reading result above the national"),
    ("Develop middle leaders", "Twelve middle leaders complete the hub programme"),
    ("Improve attendance", "Persistent absence below 15% in every school"),
    ("Strengthen SEND provision", "Each school has an audited SEND offer"),
]
# Each hub's year: seven events (a network of 1,000 hubs holds 21,000 over the three years).
EVENTS = [
    (Event.Kind.HUB_MEETING, "Autumn hub meeting", 7),
    (Event.Kind.WORKSHOP, "Early career teachers' workshop", 10),
    (Event.Kind.TEACHMEET, "TeachMeet", 14),
    (Event.Kind.HUB_MEETING, "Spring hub meeting", 20),
    (Event.Kind.WORKSHOP, "Curriculum workshop", 28),
    (Event.Kind.TEACHMEET, "Summer TeachMeet", 32),
    (Event.Kind.HUB_MEETING, "Summer hub meeting", 36),
]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    hubs = list(Hub.objects.order_by("id"))
    members = defaultdict(list)
    for school_id, hub_id in School.objects.filter(hub__isnull=False).values_list("id", "hub_id"):
        members[hub_id].append(school_id)
    years = range(ctx.current_year - YEARS + 1, ctx.current_year + 1)

    FeeBand.objects.bulk_create(
        FeeBand(academic_year=year, min_pupils=low, max_pupils=high, fee=fee)
        for year in years
        for low, high, fee in BANDS
    )
    allocations, priorities, events = [], [], []
    for hub in ctx.progress(hubs, len(hubs), "Hub operations"):
        for year in years:
            allocations.append(
                FundingAllocation(
                    hub=hub, academic_year=year, amount=Decimal(rng.randint(80, 150) * 100)
                )
            )
            for position, (title, criteria) in enumerate(rng.sample(PRIORITIES, 3), start=1):
                priorities.append(
                    ActionPriority(
                        hub=hub,
                        academic_year=year,
                        position=position,
                        title=title,
                        owner=f"Headteacher, {hub.name}",
                        success_criteria=criteria,
                        status=rng.choice(ActionPriority.Status.values),
                    )
                )
            for kind, title, week in EVENTS:
                starts = datetime.datetime.combine(
                    academic_year_start(year) + datetime.timedelta(weeks=week),
                    datetime.time(16),
                    tzinfo=datetime.UTC,
                )
                event = Event(
                    hub=hub,
                    kind=kind,
                    title=title,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    location=f"{hub.name} lead school",
                )
                event.attending = [school_id for school_id in members[hub.id] if rng.random() < 0.7]
                events.append(event)
    attended = Event.schools_attended.through
    with bulk_loading([SpendEntry, Event, attended, MembershipFee]):
        allocations = FundingAllocation.objects.bulk_create(allocations, batch_size=2000)
        ActionPriority.objects.bulk_create(priorities, batch_size=2000)
        managers = dict(Hub.managers.through.objects.values_list("hub_id", "user_id"))
        SpendEntry.objects.bulk_create(_spend(ctx, allocations, managers), batch_size=2000)
        created = Event.objects.bulk_create(events, batch_size=2000)
        copy_rows(
            attended,
            ["event_id", "school_id"],
            (
                (event.id, school_id)
                for event, planned in zip(created, events, strict=True)
                for school_id in planned.attending
            ),
        )
        for year in years:
            _fees(ctx, year)


def _fees(ctx: DemoContext, year: int) -> None:
    """The fees the central team's fee run would make (ops.fees_due); invoiced, mostly paid.

    Loaded with COPY: made through membership_fees_create and then updated, 75,000 fees at
    national scale took nine seconds.
    """
    fees = [
        [school_id, hub_id, year, band.id, band.fee, None, None]
        for school_id, hub_id, band in ops.fees_due(academic_year=year)
    ]
    invoiced = academic_year_start(year) + datetime.timedelta(days=30)
    if invoiced <= ctx.today:
        paid = invoiced + datetime.timedelta(days=45)
        this_year = year == ctx.current_year
        unpaid = set(ctx.rng.sample(range(len(fees)), len(fees) * 3 // 10)) if this_year else set()
        for position, fee in enumerate(fees):
            fee[5] = invoiced
            if paid <= ctx.today and position not in unpaid:
                fee[6] = paid
    fields = ["school_id", "hub_id", "academic_year", "band_id", "amount", "invoiced_on", "paid_on"]
    copy_rows(MembershipFee, fields, fees)


def _spend(
    ctx: DemoContext, allocations: list[FundingAllocation], managers: dict[int, int]
) -> list[SpendEntry]:
    """Most of each past year's allocation spent, a third of this year's so far; a few over.

    Each entry is recorded by the hub's manager.
    """
    rng = ctx.rng
    entries = []
    for allocation in allocations:
        start = academic_year_start(allocation.academic_year)
        this_year = allocation.academic_year == ctx.current_year
        share = 0.35 if this_year else rng.choice([0.8, 0.9, 0.95, 1.05])
        budget = allocation.amount * Decimal(str(share))
        days = min(330, (ctx.today - start).days) if this_year else 330
        spent = Decimal("0")
        for category, description in SPEND.items():
            amount = (budget / len(SPEND)).quantize(Decimal("0.01"))
            spent += amount
            entries.append(
                SpendEntry(
                    allocation=allocation,
                    spent_on=start + datetime.timedelta(days=rng.randint(0, max(days, 0))),
                    amount=amount,
                    category=category,
                    description=description,
                    overspend=spent > allocation.amount,
                    recorded_by_id=managers.get(allocation.hub_id),
                )
            )
    return entries
