"""Programmes with three years of cohorts, enrolments, participants, sessions and attendance.

The network's own programmes (Challenge the Gap, Excellence for Everyone, the Leadership
Residency, a middle leadership programme, Leadership Development Days, and funded places on the
Outstanding and Improving Teacher Programmes), national cohorts and hubs' cohorts. At national
scale more programmes are added, to 50, with about 5,000 cohorts and 200,000 enrolments.
Loaded with COPY: the demo builds no history for these rows.
"""

import datetime
from collections import defaultdict

from django.db import connection

from demo.context import DemoContext, Ids, bulk_loading, copy_rows
from hubs.choices import Phase
from hubs.models import Hub, School, SchoolContact, SpendCategory
from hubs.years import academic_year_label
from programmes.models import (
    Attendance,
    Cohort,
    Enrolment,
    Kind,
    Participant,
    ParticipantRole,
    Programme,
    Session,
    Status,
    StatusChange,
)

YEARS = 3
NATIONAL_SCALE_PROGRAMMES = 50

PRIMARY_AND_SECONDARY = [Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH, Phase.MIDDLE]
PROGRAMMES = [
    (
        "Challenge the Gap",
        Kind.WHOLE_SCHOOL,
        "A two-year programme in which trios of schools work together to improve outcomes for "
        "disadvantaged pupils, led by a school leader and a champion in each school.",
        PRIMARY_AND_SECONDARY,
        [ParticipantRole.SENIOR_LEADER, ParticipantRole.MIDDLE_LEADER],
    ),
    (
        "Excellence for Everyone",
        Kind.WHOLE_SCHOOL,
        "Whole-school improvement for inclusion: each school audits its provision for pupils "
        "with additional needs and works on one priority with a partner school.",
        [],
        [],
    ),
    (
        "Leadership Residency",
        Kind.LEADERSHIP,
        "Aspiring and new headteachers spend residential days together and in each other's "
        "schools, coached by serving heads.",
        [],
        [ParticipantRole.HEADTEACHER, ParticipantRole.SENIOR_LEADER],
    ),
    (
        "Middle Leadership Programme",
        Kind.LEADERSHIP,
        "Six sessions over a year for subject and phase leaders, with a project in their own "
        "school.",
        [],
        [ParticipantRole.MIDDLE_LEADER],
    ),
    (
        "Leadership Development Days",
        Kind.DEVELOPMENT_DAYS,
        "Single days for leaders at every level on a theme of the year, run in the hubs.",
        [],
        [],
    ),
    (
        "Outstanding Teacher Programme places",
        Kind.COURSE_PLACES,
        "Funded places on the nationally recognised Outstanding Teacher Programme.",
        [],
        [ParticipantRole.TEACHER],
    ),
    (
        "Improving Teacher Programme places",
        Kind.COURSE_PLACES,
        "Funded places on the nationally recognised Improving Teacher Programme.",
        [],
        [ParticipantRole.TEACHER, ParticipantRole.EARLY_CAREER_TEACHER],
    ),
]
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry", "Isla", "Jon"]
LAST_NAMES = ["Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal"]
SESSION_TITLES = ["Launch day", "Workshop", "School visit", "Coaching session", "Final day"]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _programmes(ctx: DemoContext) -> list[Programme]:
    made = [
        Programme(
            name=name,
            slug="",
            kind=kind,
            description=description,
            phases=list(phases),
            participant_roles=list(roles),
        )
        for name, kind, description, phases, roles in PROGRAMMES
    ]
    if ctx.scale.schools >= 5000:
        kinds = list(Kind)
        for n in range(len(made), NATIONAL_SCALE_PROGRAMMES):
            made.append(
                Programme(
                    name=f"Regional programme {n - len(PROGRAMMES) + 1}",
                    kind=kinds[n % len(kinds)],
                    description="A programme one region runs for its hubs.",
                )
            )
    for programme in made:
        programme.save()
    return made


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    ids = Ids()
    programmes = _programmes(ctx)
    hubs = list(Hub.objects.order_by("id").values_list("id", flat=True))
    schools_by_hub = defaultdict(list)
    phase_of = {}
    for school_id, hub_id, phase in School.objects.filter(hub__isnull=False).values_list(
        "id", "hub_id", "phase"
    ):
        schools_by_hub[hub_id].append(school_id)
        phase_of[school_id] = phase
    members = sorted(phase_of)
    heads = dict(
        SchoolContact.objects.filter(is_headteacher=True).values_list("school_id", "user_id")
    )
    managers = dict(Hub.managers.through.objects.values_list("hub_id", "user_id"))
    demo_contact = next((email for role, email in ctx.logins if role == "school contact"), None)
    demo_school = (
        SchoolContact.objects.filter(user__email=demo_contact)
        .values_list("school_id", flat=True)
        .first()
    )
    demo_hub = next((h for h, s in schools_by_hub.items() if demo_school in s), None)
    demo_manager = next((email for role, email in ctx.logins if role == "hub manager"), None)
    managed_hub = (
        Hub.managers.through.objects.filter(user__email=demo_manager)
        .values_list("hub_id", flat=True)
        .first()
    )

    national = ctx.scale.schools >= 5000
    total_cohorts = 5000 if national else max(40, round(ctx.scale.schools / 3))
    total_enrolments = (
        200_000 if national else max(200, round(ctx.scale.schools * 11))
    )  # about 2,000 a year in a real network
    per_programme_year = max(1, total_cohorts // (len(programmes) * YEARS))
    years = range(ctx.current_year - YEARS + 1, ctx.current_year + 1)
    plan = []  # (programme, year, hub_id or None)
    for programme in programmes:
        for year in years:
            for n in range(per_programme_year):
                is_national = n % 3 == 0
                hub = None if is_national else rng.choice(hubs)
                plan.append((programme, year, hub))
    # The demo hub runs a cohort of the middle leadership programme this year, taking
    # applications, and the demo school can apply to every national cohort.
    if demo_hub is not None:
        plan.append((programmes[3], ctx.current_year, demo_hub))
    if managed_hub is not None and managed_hub != demo_hub:
        plan.append((programmes[4], ctx.current_year, managed_hub))
    # A hub's cohort takes at most the hub's schools; national cohorts take the rest of the
    # enrolments the scale asks for.
    hub_size = max(2, round(len(members) / max(1, len(hubs)) * 0.6))
    national_count = sum(1 for _, _, hub in plan if hub is None) or 1
    hub_total = sum(
        min(hub_size, len(schools_by_hub[hub])) for _, _, hub in plan if hub is not None
    )
    mean_size = max(2, (total_enrolments - hub_total) // national_count)

    rows = defaultdict(list)
    cohort_fields = [
        "id", "programme_id", "name", "academic_year", "hub_id", "capacity", "capacity_unit",
        "starts_on", "ends_on", "applications_close_on", "funding", "fee", "budget_line",
        "version",
    ]  # fmt: skip
    counter = defaultdict(int)
    for programme, year, hub_id in ctx.progress(plan, len(plan), "Programme cohorts"):
        counter[(programme.pk, year)] += 1
        cohort_id = ids.take(Cohort)
        start = datetime.date(year, 9, 1) + datetime.timedelta(days=rng.randint(20, 150))
        is_current = year == ctx.current_year
        if is_current and (hub_id in (demo_hub, managed_hub) or rng.random() < 0.5):
            # Some of this year's cohorts still take applications.
            start = max(start, ctx.today + datetime.timedelta(days=rng.randint(21, 90)))
            start = min(start, datetime.date(year + 1, 6, 30))
        end = start + datetime.timedelta(days=rng.choice([1, 90, 180, 240]))
        end = min(end, datetime.date(year + 1, 8, 31))
        close = start - datetime.timedelta(days=14)
        counts_people = programme.kind in (Kind.COURSE_PLACES, Kind.DEVELOPMENT_DAYS)
        pool = members if hub_id is None else schools_by_hub[hub_id]
        eligible = [s for s in pool if not programme.phases or phase_of[s] in programme.phases]
        mean = mean_size if hub_id is None else hub_size
        size = min(len(eligible), max(1, int(mean * rng.uniform(0.5, 1.5))))
        capacity = max(1, size - rng.randint(0, 3)) if size else 5
        if hub_id == demo_hub and is_current:
            size, capacity = min(2, len(eligible)), 3
        fee = None if programme.kind != Kind.LEADERSHIP else 450 + 50 * rng.randint(0, 6)
        rows["cohorts"].append(
            (
                cohort_id,
                programme.pk,
                f"{academic_year_label(year)} cohort {counter[(programme.pk, year)]}",
                year,
                hub_id,
                capacity * (2 if counts_people else 1),
                "participants" if counts_people else "schools",
                start,
                end,
                close,
                "fee" if fee else "funded",
                fee,
                "" if fee else SpendCategory.STAFF_TRAINING,
                1,
            )
        )
        sessions = []
        for n in range(3):
            day = start + (end - start) * n // 3
            session_id = ids.take(Session)
            rows["sessions"].append((session_id, cohort_id, SESSION_TITLES[n], day))
            sessions.append((session_id, day))
        places = 0
        limit = capacity * (2 if counts_people else 1)
        chosen = rng.sample(eligible, size)
        if (
            demo_school in eligible
            and hub_id is None
            and demo_school not in chosen
            and not national
        ):
            chosen = chosen[:-1] + [demo_school] if chosen else [demo_school]
        for school_id in chosen:
            people = rng.choice([1, 1, 2]) if counts_people or not programme.is_whole_school else 2
            applied = min(close, ctx.today) - datetime.timedelta(days=rng.randint(1, 60))
            needed = people if counts_people else 1
            if places + needed <= limit:
                places += needed
                if close < ctx.today:
                    status = (
                        Status.COMPLETED
                        if end < ctx.today and rng.random() < 0.85
                        else Status.ACCEPTED
                    )
                    if rng.random() < 0.06:
                        status = Status.WITHDRAWN
                else:
                    status = rng.choice([Status.APPLIED, Status.ACCEPTED])
            else:
                status = Status.WAITLISTED if end >= ctx.today else Status.WITHDRAWN
            _enrol(
                ctx, ids, rows, cohort_id, school_id, status, applied, end, people, sessions,
                programme, heads.get(school_id), managers.get(hub_id), national,
            )  # fmt: skip

    with bulk_loading([Cohort, Session, Enrolment, StatusChange, Participant, Attendance]):
        copy_rows(Cohort, cohort_fields, rows["cohorts"])
        copy_rows(Session, ["id", "cohort_id", "title", "held_on"], rows["sessions"])
        copy_rows(
            Enrolment,
            [
                "id",
                "cohort_id",
                "school_id",
                "status",
                "applied_by_id",
                "applied_at",
                "queued_at",
                "completed_on",
                "pupils_reached",
                "teachers_reached",
                "schools_reached",
                "version",
            ],  # fmt: skip
            rows["enrolments"],
        )
        copy_rows(
            StatusChange,
            ["id", "enrolment_id", "from_status", "to_status", "by_id", "at", "note"],
            rows["changes"],
        )
        copy_rows(
            Participant, ["id", "enrolment_id", "full_name", "role", "email"], rows["participants"]
        )
        copy_rows(
            Attendance,
            ["id", "session_id", "participant_id", "attended", "recorded_by_id"],
            rows["attendance"],
        )
    ids.reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('programmes_programme', 'id'), "
                       "(SELECT MAX(id) FROM programmes_programme))")  # fmt: skip


def _enrol(
    ctx, ids, rows, cohort_id, school_id, status, applied, end, people, sessions, programme,
    head, manager, national,
):  # fmt: skip
    rng = ctx.rng
    enrolment_id = ids.take(Enrolment)
    completed_on = min(end, ctx.today) if status == Status.COMPLETED else None
    reach = (None, None, None)
    if status == Status.COMPLETED and programme.is_whole_school:
        reach = (rng.randint(150, 1400), rng.randint(8, 80), rng.choice([1, 1, 2, 3]))
    at = _at(applied)
    rows["enrolments"].append(
        (enrolment_id, cohort_id, school_id, status, head, at, at, completed_on, *reach, 1)
    )
    first = Status.WAITLISTED if status == Status.WAITLISTED else Status.APPLIED
    changes = [("", first, head, at)]
    if status in (Status.ACCEPTED, Status.COMPLETED):
        changes.append((Status.APPLIED, Status.ACCEPTED, manager, _at(applied, 14)))
    if status == Status.COMPLETED:
        changes.append((Status.ACCEPTED, Status.COMPLETED, manager, _at(completed_on, 16)))
    if status == Status.WITHDRAWN:
        changes.append((first, Status.WITHDRAWN, head, _at(applied, 15)))
    for from_status, to_status, by, when in changes:
        rows["changes"].append(
            (ids.take(StatusChange), enrolment_id, from_status, to_status, by, when, "")
        )
    roles = programme.participant_roles or [ParticipantRole.TEACHER, ParticipantRole.MIDDLE_LEADER]
    for _ in range(people):
        participant_id = ids.take(Participant)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        rows["participants"].append((participant_id, enrolment_id, name, rng.choice(roles), ""))
        if national or status not in (Status.ACCEPTED, Status.COMPLETED):
            continue
        for session_id, day in sessions:
            if day < ctx.today:
                rows["attendance"].append(
                    (ids.take(Attendance), session_id, participant_id, rng.random() < 0.9, manager)
                )
