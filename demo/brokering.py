"""Demo support requests in every state, with their timelines, engagements and feedback.

Requests are spread over the last ten years: old ones are closed, declined or withdrawn; recent
ones sit anywhere in the workflow. Providers are schools with a verified area of excellence in
a requested area, never the requesting school. Rows go in by COPY (a hundred thousand requests
at national scale) with ids handed out here, so timelines and engagements can point at them.
"""

import datetime
from collections import defaultdict
from itertools import islice

from django.conf import settings

from brokering.models import (
    Engagement,
    Feedback,
    RequestEvent,
    Status,
    SupportRequest,
    add_working_days,
)
from demo.context import DemoContext, Ids, bulk_loading, copy_rows
from hubs.models import Hub, School, SchoolContact
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
# The hour of each step, rising along the path: steps taken on the same day stay in order, and
# a proposal (at 12:00 and 14:00) falls between matching and brokered.
STEP_HOURS = {
    Status.TRIAGED: 10,
    Status.MATCHING: 11,
    Status.BROKERED: 16,
    Status.IN_PROGRESS: 17,
    Status.COMPLETED: 17,
    Status.CLOSED: 19,
    Status.DECLINED: 12,
    Status.WITHDRAWN: 12,
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
    providers = _providers_by_quarter()
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
    if providers:
        # Requests start once some school's excellence has been verified.
        first_quarter = min(providers)
        first_day = max(first_day, datetime.date(first_quarter // 4, first_quarter % 4 * 3 + 1, 1))
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
        source, raised_by, ebi_id = _source(
            rng, school_id, hub_id, heads, managers, brokers, ebis, submitted_on
        )
        if ebi_id:
            wanted = [ebis[school_id][ebi_id][0] or wanted[0]]
        broker = rng.choice(brokers) if status != Status.SUBMITTED or rng.random() < 0.3 else None
        submitted_at = _moment(submitted_on, 9)
        path = PATHS[status]
        steps = _step_days(rng, submitted_on, len(path), today)
        if Status.BROKERED in path:
            brokered_on = steps[path.index(Status.BROKERED)]
            if not _providers_available(school_id, wanted, providers, brokered_on):
                # Nobody held excellence to offer then: the central team declined it.
                status, path = Status.DECLINED, PATHS[Status.DECLINED]
                steps = steps[: len(path)]
        responded = _moment(steps[0], STEP_HOURS[path[0]]) if path else None
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
                _moment(steps[0], 9) if path else _moment(submitted_on, 9, 30),
                by=broker,
            )
        previous = Status.SUBMITTED
        when = dict(zip(path, steps, strict=True))
        for step, day in when.items():
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
                    when,
                    status,
                )
            event(
                RequestEvent.Kind.STATUS, previous, step, _moment(day, STEP_HOURS[step]), by=broker
            )
            previous = step
        if status == Status.MATCHING and rng.random() < 0.4:
            _propose(
                rows,
                ids,
                event,
                request_id,
                school_id,
                wanted,
                providers,
                broker,
                when[Status.MATCHING],
                today,
                rng,
            )
        if status in (Status.COMPLETED, Status.CLOSED) and rng.random() < 0.75:
            # Given once the support is completed, before the central team closes it.
            given = _moment(when[Status.COMPLETED], 18)
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
    loaded = [SupportRequest, SupportRequest.practice_areas.through, RequestEvent, Engagement]
    with bulk_loading([*loaded, Feedback]):
        _load(rows)
    ids.reset_sequences()


def _quarter(day: datetime.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _providers_by_quarter() -> dict[int, dict]:
    """Schools whose verified area of excellence is current for a whole quarter, by area.

    Keyed by quarter, then by practice area (and "any"), so a request is matched only with
    schools whose excellence was verified and unexpired when it was brokered.
    """
    found = defaultdict(lambda: defaultdict(list))
    for school_id, area_id, verified_on, expires_on in (
        AreaOfExcellence.objects.filter(status=AreaOfExcellence.Status.VERIFIED)
        .order_by("id")
        .values_list("school_id", "practice_area_id", "verified_on", "expires_on")
    ):
        for quarter in range(_quarter(verified_on) + 1, _quarter(expires_on)):
            found[quarter][area_id].append(school_id)
            found[quarter]["any"].append(school_id)
    return found


def _published_ebis_by_school() -> dict[int, dict[int, tuple[int | None, datetime.date]]]:
    """Each school's EBIs on published reports: their practice area and publication date."""
    found = defaultdict(dict)
    for ebi_id, school_id, area_id, published_on in EvenBetterIf.objects.filter(
        review__status="published"
    ).values_list("id", "review__school_id", "practice_area_id", "review__published_on"):
        found[school_id][ebi_id] = (area_id, published_on)
    return found


def _status(rng, age_days: int) -> Status:
    weights = RECENT_WEIGHTS if age_days < 200 else OLD_WEIGHTS
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _source(rng, school_id, hub_id, heads, managers, brokers, ebis, submitted_on):
    """Where the request came from and who raised it: (source, raised by, EBI or None)."""
    roll = rng.random()
    # Only a point already published can be carried into a request.
    published = [e for e, (_, on) in ebis.get(school_id, {}).items() if on < submitted_on]
    if roll < 0.25 and published:
        return SupportRequest.Source.EBI.value, heads.get(school_id), rng.choice(published)
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


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)


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


def _usable(school_id, wanted, providers, day, exclude=()):
    """Schools that could support on the day, lazily: the first requested area's, else any."""
    offered = providers.get(_quarter(day), {})
    for candidates in (offered.get(wanted[0]), offered.get("any")):
        yield candidates or [], (p for p in candidates or [] if p != school_id and p not in exclude)


def _providers_available(school_id, wanted, providers, day, at_least: int = 1) -> bool:
    return any(
        sum(1 for _ in islice(usable, at_least)) >= at_least
        for _, usable in _usable(school_id, wanted, providers, day)
    )


def _pick_provider(rng, school_id, wanted, providers, day, exclude=()):
    """A provider with excellence current on the day in the first requested area, else in any.

    A few random draws find one almost always; a scan settles the rare case where only a few
    candidates fit (at national scale a list holds thousands, so it is not built each time).
    """
    for candidates, usable in _usable(school_id, wanted, providers, day, exclude):
        for _ in range(10):
            if not candidates:
                break
            provider = rng.choice(candidates)
            if provider != school_id and provider not in exclude:
                return provider
        provider = next(usable, None)
        if provider is not None:
            return provider
    return None


def _engagements(
    ctx, rows, ids, event, request_id, school_id, wanted, providers, heads, broker, when, status
):
    """On the way to brokered: sometimes a provider declined first; then one accepted.

    `when` holds the day of each step, so the timeline reads in order: the declined proposal
    while matching, the accepted one on the day the request is brokered, the support starting
    when it is marked in progress and ending when it is completed.
    """
    rng = ctx.rng
    day = when[Status.BROKERED]
    declined = None
    # A provider declines first only when another can still take the request on.
    if rng.random() < 0.15 and _providers_available(school_id, wanted, providers, day, 2):
        declined = _pick_provider(rng, school_id, wanted, providers, day)
        if declined:
            proposed = _moment(when[Status.MATCHING], 12)
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
                    proposed + datetime.timedelta(hours=1),
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
                proposed + datetime.timedelta(hours=1),
                by=heads.get(declined),
            )
    provider = _pick_provider(rng, school_id, wanted, providers, day, exclude={declined})
    if provider is None:
        return
    proposed = _moment(day, 14)
    accepted = _moment(day, 15)
    starts_on = when.get(Status.IN_PROGRESS) or day + datetime.timedelta(days=rng.randint(7, 30))
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
            when[Status.COMPLETED] if finished else None,
            rng.choice(DELIVERED) if finished else "",
        )
    )
    event(RequestEvent.Kind.PROPOSED, "", "", proposed, by=broker)
    event(RequestEvent.Kind.PROVIDER_ACCEPTED, "", "", accepted, by=heads.get(provider))


def _propose(rows, ids, event, request_id, school_id, wanted, providers, broker, since, today, rng):
    """A request in matching with a proposal awaiting the provider's answer."""
    day = min(since + datetime.timedelta(days=rng.randint(0, 10)), today)
    provider = _pick_provider(rng, school_id, wanted, providers, day)
    if provider is None:
        return
    proposed = _moment(day, 15)
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
