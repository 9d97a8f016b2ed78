"""Demo support requests in every state, with their timelines, engagements and feedback.

Requests are spread over the last ten years: old ones are closed, declined or withdrawn; recent
ones sit anywhere in the workflow. Providers are schools with a verified area of excellence in
a requested area, never the requesting school. Rows go in by COPY (a hundred thousand requests
at national scale) with ids handed out here, so timelines and engagements can point at them.
"""

import datetime
from collections import defaultdict

from django.conf import settings

from brokering.models import (
    Engagement,
    Feedback,
    RequestEvent,
    Status,
    SupportRequest,
    add_working_days,
)
from hubs.models import Hub, School, SchoolContact
from partnership.demo import DemoContext, Ids, copy_rows
from partnership.models import User
from reviews.models import AreaOfExcellence, EvenBetterIf, PracticeArea

NEEDS = [
    "Support for new subject leaders to plan and monitor their curriculum.",
    "A model of strong practice our staff can visit and learn from.",
    "Help to raise attendance among disadvantaged pupils.",
    "Coaching for teachers on adaptive teaching in mixed-attainment classes.",
    "A partner school to moderate assessment with.",
    "Advice on restructuring the early years curriculum.",
]
DELIVERED = [
    "Two visits and a joint planning day for subject leaders.",
    "An immersion day for five staff, then a remote follow-up.",
    "Three coaching sessions and shared resources.",
]
# The path a request takes to each state, from submitted.
PATHS = {
    Status.SUBMITTED: [],
    Status.TRIAGED: [Status.TRIAGED],
    Status.MATCHING: [Status.TRIAGED, Status.MATCHING],
    Status.BROKERED: [Status.TRIAGED, Status.MATCHING, Status.BROKERED],
    Status.IN_PROGRESS: [Status.TRIAGED, Status.MATCHING, Status.BROKERED, Status.IN_PROGRESS],
    Status.COMPLETED: [
        Status.TRIAGED,
        Status.MATCHING,
        Status.BROKERED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
    ],
    Status.CLOSED: [
        Status.TRIAGED,
        Status.MATCHING,
        Status.BROKERED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
        Status.CLOSED,
    ],
    Status.DECLINED: [Status.TRIAGED, Status.DECLINED],
    Status.WITHDRAWN: [Status.WITHDRAWN],
}
RECENT_WEIGHTS = {
    Status.SUBMITTED: 12,
    Status.TRIAGED: 10,
    Status.MATCHING: 12,
    Status.BROKERED: 10,
    Status.IN_PROGRESS: 14,
    Status.COMPLETED: 12,
    Status.CLOSED: 14,
    Status.DECLINED: 8,
    Status.WITHDRAWN: 8,
}
OLD_WEIGHTS = {Status.CLOSED: 70, Status.COMPLETED: 5, Status.DECLINED: 13, Status.WITHDRAWN: 12}


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    ids = Ids()
    areas = list(PracticeArea.objects.filter(is_active=True).values_list("id", flat=True))
    schools = list(
        School.objects.filter(hub__isnull=False).order_by("id").values_list("id", "hub_id")
    )
    heads = dict(
        SchoolContact.objects.filter(is_headteacher=True).values_list("school_id", "user_id")
    )
    managers = dict(Hub.managers.through.objects.values_list("hub_id", "user_id"))
    brokers = list(
        User.objects.filter(is_central_team=True).order_by("id").values_list("id", flat=True)
    )
    providers = _providers_by_area()
    ebis = _published_ebis_by_school()
    demo_contact = next((email for role, email in ctx.logins if role == "school contact"), None)
    demo_school = (
        SchoolContact.objects.filter(user__email=demo_contact)
        .values_list("school_id", flat=True)
        .first()
    )

    rows = defaultdict(list)
    today = ctx.today
    first_day = today - datetime.timedelta(days=365 * ctx.scale.review_years)
    total = ctx.scale.requests
    for n in ctx.progress(range(total), total, "Support requests"):
        school_id, hub_id = rng.choice(schools)
        if n < 3 and demo_school:
            # The demo school contact has requests of their own to open.
            school_id, hub_id = demo_school, next(h for s, h in schools if s == demo_school)
        age = int((today - first_day).days * (1 - (n / total)) ** 2)  # more recent than old
        submitted_on = today - datetime.timedelta(days=age)
        status = _status(rng, age)
        request_id = ids.take(SupportRequest)
        wanted = rng.sample(areas, rng.choice([1, 1, 1, 2]))
        source, raised_by, ebi_id = _source(rng, school_id, hub_id, heads, managers, brokers, ebis)
        if ebi_id:
            wanted = [ebis[school_id][ebi_id] or wanted[0]]
        broker = rng.choice(brokers) if status != Status.SUBMITTED or rng.random() < 0.3 else None
        submitted_at = _moment(submitted_on, 9)
        path = PATHS[status]
        steps = _step_days(rng, submitted_on, len(path), today)
        responded = _moment(steps[0], 11) if path else None
        rows["requests"].append(
            (
                request_id,
                school_id,
                hub_id,
                rng.choice(NEEDS),
                rng.choice(SupportRequest.Format.values),
                submitted_on + datetime.timedelta(days=rng.randint(30, 120)),
                source,
                ebi_id,
                raised_by,
                status.value,
                broker,
                submitted_at,
                add_working_days(submitted_on, settings.FIRST_RESPONSE_WORKING_DAYS),
                responded,
                1,
            )
        )
        for area_id in wanted:
            rows["areas"].append((request_id, area_id))
        event = _events(rows, ids, request_id, raised_by)
        event(RequestEvent.Kind.RAISED, "", Status.SUBMITTED, submitted_at)
        if broker:
            event(
                RequestEvent.Kind.ASSIGNED,
                "",
                "",
                _moment(steps[0] if path else submitted_on, 10),
                by=broker,
            )
        previous = Status.SUBMITTED
        for step, day in zip(path, steps, strict=True):
            if step == Status.BROKERED:
                _engagements(
                    ctx,
                    rows,
                    ids,
                    event,
                    request_id,
                    school_id,
                    wanted,
                    providers,
                    heads,
                    broker,
                    day,
                    status,
                )
            event(RequestEvent.Kind.STATUS, previous, step, _moment(day, 14), by=broker)
            previous = step
        if status == Status.MATCHING and rng.random() < 0.4:
            _propose(rows, ids, event, request_id, school_id, wanted, providers, broker, today, rng)
        if status in (Status.COMPLETED, Status.CLOSED) and rng.random() < 0.75:
            given = _moment(steps[-1], 16)
            rows["feedback"].append(
                (
                    ids.take(Feedback),
                    request_id,
                    rng.randint(5, 10),
                    rng.randint(6, 10),
                    rng.choice(["", "Exactly the support we needed.", "Well matched."]),
                    heads.get(school_id),
                    given,
                )
            )
            event(RequestEvent.Kind.FEEDBACK, "", "", given, by=heads.get(school_id))
    _load(rows)
    ids.reset_sequences()


def _providers_by_area() -> dict[int, list[int]]:
    """Schools with a verified area of excellence, by practice area."""
    found = defaultdict(set)
    for school_id, area_id in AreaOfExcellence.objects.filter(
        status=AreaOfExcellence.Status.VERIFIED
    ).values_list("school_id", "practice_area_id"):
        found[area_id].add(school_id)
    by_area = {area: sorted(schools) for area, schools in found.items()}
    by_area["any"] = sorted(set().union(*found.values()))
    return by_area


def _published_ebis_by_school() -> dict[int, dict[int, int | None]]:
    found = defaultdict(dict)
    for ebi_id, school_id, area_id in EvenBetterIf.objects.filter(
        review__status="published"
    ).values_list("id", "review__school_id", "practice_area_id"):
        found[school_id][ebi_id] = area_id
    return found


def _status(rng, age_days: int) -> Status:
    weights = RECENT_WEIGHTS if age_days < 200 else OLD_WEIGHTS
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _source(rng, school_id, hub_id, heads, managers, brokers, ebis):
    """Where the request came from and who raised it: (source, raised by, EBI or None)."""
    roll = rng.random()
    if roll < 0.25 and ebis.get(school_id):
        return (
            SupportRequest.Source.EBI.value,
            heads.get(school_id),
            rng.choice(list(ebis[school_id])),
        )
    if roll < 0.65:
        return SupportRequest.Source.SCHOOL.value, heads.get(school_id), None
    if roll < 0.85:
        return SupportRequest.Source.HUB.value, managers.get(hub_id), None
    return SupportRequest.Source.CENTRAL.value, rng.choice(brokers), None


def _step_days(rng, start: datetime.date, count: int, today: datetime.date) -> list[datetime.date]:
    """A day for each step after submission, in order, none after today."""
    days, day = [], start
    for _ in range(count):
        day = min(day + datetime.timedelta(days=rng.randint(1, 20)), today)
        days.append(day)
    return days


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _events(rows, ids, request_id, raised_by):
    def event(kind, from_status, to_status, at, *, by=None, note=""):
        rows["events"].append(
            (
                ids.take(RequestEvent),
                request_id,
                str(kind),
                str(from_status),
                str(to_status),
                by if by is not None else raised_by,
                at,
                note,
            )
        )

    return event


def _pick_provider(rng, school_id, wanted, providers, exclude=()):
    """A provider with verified excellence in the first requested area, else in any area."""
    for candidates in (providers.get(wanted[0]), providers.get("any")):
        for _ in range(10):
            if not candidates:
                break
            provider = rng.choice(candidates)
            if provider != school_id and provider not in exclude:
                return provider
    return None


def _engagements(
    ctx, rows, ids, event, request_id, school_id, wanted, providers, heads, broker, day, status
):
    """On the way to brokered: sometimes a provider declined first; then one accepted."""
    rng = ctx.rng
    declined = None
    if rng.random() < 0.15:
        declined = _pick_provider(rng, school_id, wanted, providers)
        if declined:
            proposed = _moment(day - datetime.timedelta(days=3), 10)
            rows["engagements"].append(
                (
                    ids.take(Engagement),
                    request_id,
                    declined,
                    "declined",
                    rng.choice(SupportRequest.Format.values),
                    broker,
                    proposed,
                    "",
                    heads.get(declined),
                    proposed + datetime.timedelta(hours=20),
                    "We cannot take this on this term.",
                    None,
                    None,
                    "",
                )
            )
            event(RequestEvent.Kind.PROPOSED, "", "", proposed, by=broker)
            event(
                RequestEvent.Kind.PROVIDER_DECLINED,
                "",
                "",
                proposed + datetime.timedelta(hours=20),
                by=heads.get(declined),
            )
    provider = _pick_provider(rng, school_id, wanted, providers, exclude={declined})
    if provider is None:
        return
    proposed = _moment(day - datetime.timedelta(days=1), 10)
    accepted = _moment(day, 12)
    starts_on = day + datetime.timedelta(days=rng.randint(7, 30))
    finished = status in (Status.COMPLETED, Status.CLOSED)
    rows["engagements"].append(
        (
            ids.take(Engagement),
            request_id,
            provider,
            "accepted",
            rng.choice(SupportRequest.Format.values),
            broker,
            proposed,
            "",
            heads.get(provider),
            accepted,
            "Happy to help.",
            starts_on,
            starts_on + datetime.timedelta(days=rng.randint(0, 60)) if finished else None,
            rng.choice(DELIVERED) if finished else "",
        )
    )
    event(RequestEvent.Kind.PROPOSED, "", "", proposed, by=broker)
    event(RequestEvent.Kind.PROVIDER_ACCEPTED, "", "", accepted, by=heads.get(provider))


def _propose(rows, ids, event, request_id, school_id, wanted, providers, broker, today, rng):
    """A request in matching with a proposal awaiting the provider's answer."""
    provider = _pick_provider(rng, school_id, wanted, providers)
    if provider is None:
        return
    proposed = _moment(today - datetime.timedelta(days=rng.randint(0, 10)), 10)
    rows["engagements"].append(
        (
            ids.take(Engagement),
            request_id,
            provider,
            "proposed",
            rng.choice(SupportRequest.Format.values),
            broker,
            proposed,
            "A close match in context.",
            None,
            None,
            "",
            None,
            None,
            "",
        )
    )
    event(RequestEvent.Kind.PROPOSED, "", "", proposed, by=broker)


def _load(rows) -> None:
    copy_rows(
        SupportRequest,
        [
            "id",
            "school_id",
            "hub_id",
            "needed",
            "preferred_format",
            "target_date",
            "source",
            "ebi_id",
            "raised_by_id",
            "status",
            "broker_id",
            "submitted_at",
            "first_response_due",
            "first_responded_at",
            "version",
        ],
        rows["requests"],
    )
    through = SupportRequest.practice_areas.through
    copy_rows(through, ["supportrequest_id", "practicearea_id"], rows["areas"])
    copy_rows(
        RequestEvent,
        ["id", "request_id", "kind", "from_status", "to_status", "by_id", "at", "note"],
        rows["events"],
    )
    copy_rows(
        Engagement,
        [
            "id",
            "request_id",
            "provider_id",
            "status",
            "format",
            "proposed_by_id",
            "proposed_at",
            "proposal_note",
            "responded_by_id",
            "responded_at",
            "response_note",
            "starts_on",
            "ends_on",
            "delivered",
        ],
        rows["engagements"],
    )
    copy_rows(
        Feedback,
        [
            "id",
            "request_id",
            "quality_rating",
            "service_rating",
            "comment",
            "given_by_id",
            "given_at",
        ],
        rows["feedback"],
    )
