"""Demo reviewers, ten years of QA reviews, their teams and reports, and areas of excellence.

At national scale this is a quarter of a million reviews and several million rows, so rows are
built in lists and loaded with COPY; ids are handed out here so related rows can point at them.
Every rule the models enforce holds by construction: dates inside the academic year, one lead
and two to four peers, no reviewer at their own school, their trust's or (here) their own hub's,
never two reviews in the same week, and every published review fully reported.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings

from demo.context import DemoContext, Ids, bulk_loading, copy_rows
from hubs.choices import Phase
from hubs.models import Membership, School, SchoolContact
from hubs.years import academic_year_start
from partnership.models import User
from reviews.models import (
    REPORT_DUE_DAYS,
    AreaOfExcellence,
    Estimate,
    EstimateHeading,
    EvenBetterIf,
    Framework,
    Grade,
    HeadteacherFeedback,
    PracticeArea,
    Review,
    Reviewer,
    ReviewKind,
    ReviewStatusChange,
    Strength,
    TeamMember,
)

# The framework before the current one, so old reviews show the headings they were given.
EARLIER_FRAMEWORK_YEAR = 2015
EARLIER_HEADINGS = ["Leadership and management", "Teaching and learning", "Outcomes for pupils"]
EARLIER_GRADES = ["Leading", "Established", "Developing", "Not yet effective"]

STRENGTHS = [
    "Leaders at every level share a clear, ambitious vision for pupils.",
    "The curriculum is carefully sequenced and well understood by staff.",
    "Pupils are courteous, confident and proud of their school.",
    "Teachers check understanding skilfully and adapt their teaching.",
    "Pupils with SEND are known well and their needs are met.",
    "Reading is prioritised from the earliest years.",
    "Governors hold leaders to account with well-chosen questions.",
    "Staff feel their workload and wellbeing are considered.",
]
EBIS = [
    ("Sharpen how middle leaders check the impact of their work.", "middle-leadership"),
    ("Use assessment in maths to close gaps more quickly.", "maths"),
    ("Raise the attendance of disadvantaged pupils.", "behaviour-and-attendance"),
    ("Extend the writing curriculum so pupils write at length.", "english"),
    ("Make adaptations for pupils with SEND consistent across classes.", "send"),
    ("Narrow the gap in outcomes for disadvantaged pupils.", "narrowing-the-disadvantage-gap"),
    ("Build practical work into science across every year group.", "science"),
    ("Strengthen continuous provision in the early years.", "early-years"),
]
EXCELLENCE = {
    "maths": "Mastery teaching of number with bar models from Reception to Year 6.",
    "english": "A whole-school reading spine and daily story time that pupils love.",
    "science": "Enquiry-led science with a strong practical core.",
    "send": "Inclusive classrooms: adaptive teaching that lets pupils with SEND thrive.",
    "assessment": "Low-stakes quizzing that tells teachers exactly what to reteach.",
    "behaviour-and-attendance": "A calm, consistent behaviour culture and rising attendance.",
    "middle-leadership": "Subject leaders who lead their curriculum with real expertise.",
    "leadership-and-management": "Distributed leadership that develops future headteachers.",
    "narrowing-the-disadvantage-gap": "Disadvantaged pupils achieve as well as their peers.",
    "early-years": "Rich early language and communication in the early years.",
    "curriculum": "A knowledge-rich curriculum built with the local community.",
    "whole-school-review": "Rigorous self-evaluation that drives improvement.",
}
SPOTLIGHTS = ["Maths in Key Stage 2", "Early reading", "SEND provision", "Sixth form", "Science"]
# Reviews sit on Monday to Wednesday of a school week; weeks counted from 1 September.
REVIEW_WEEKS = [w for w in range(2, 44) if w not in (8, 16, 17, 24, 31, 32)]


LOADED = [
    Review,
    TeamMember,
    ReviewStatusChange,
    Estimate,
    Strength,
    EvenBetterIf,
    AreaOfExcellence,
    HeadteacherFeedback,
]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    ids = Ids()
    _reference_data()
    frameworks = _frameworks()
    kinds = {kind.slug: kind for kind in ReviewKind.objects.all()}
    areas = {area.slug: area.id for area in PracticeArea.objects.all()}
    schools = {
        s["id"]: s for s in School.objects.values("id", "hub_id", "trust_id", "phase", "region")
    }
    reviewers = _seed_reviewers(ctx, schools)
    by_year = _members_by_year(ctx)
    heads = dict(
        SchoolContact.objects.filter(is_headteacher=True).values_list("school_id", "user_id")
    )
    # The central team moves reviews on.
    central = list(
        User.objects.filter(is_central_team=True).order_by("id").values_list("id", flat=True)
    )

    rows = defaultdict(list)
    rows["current_areas"] = {}
    busy: set[tuple[int, int, int]] = set()  # (reviewer, year, week)
    reviewed_by: set[tuple[int, int, int]] = set()  # (reviewer, school, year)
    first_year = ctx.current_year - ctx.scale.review_years + 1
    years = range(first_year, ctx.current_year + 1)
    for year in ctx.progress(years, len(years), "Reviews"):
        framework = frameworks[0] if year >= frameworks[0].year else frameworks[1]
        members = by_year.get(year, [])
        showcase = _showcase(ctx) if year == ctx.current_year else []
        for position, school_id in enumerate(members):
            school = {**schools[school_id], "id": school_id}
            plan = [("annual", "")]
            if rng.random() < 0.08:
                plan.append(("spotlight", rng.choice(SPOTLIGHTS)))
            if rng.random() < 0.04:
                plan.append(("immersion", ""))
            for kind, scope in plan:
                week = rng.choice(REVIEW_WEEKS)
                forced = None
                if kind == "annual" and position < len(showcase):
                    week, forced = showcase[position]
                starts_on = _monday_of(year, week)
                days = 0 if kinds[kind].single_day else 2
                ends_on = starts_on + datetime.timedelta(days=days)
                status = forced or _status(ctx, rng, starts_on, ends_on)
                review_id = ids.take(Review)
                team = []
                if status != Review.Status.PLANNED or rng.random() < 0.5:
                    team = _team(rng, reviewers, school, year, week, starts_on, busy, reviewed_by)
                    if status != Review.Status.PLANNED and not team:
                        status = Review.Status.PLANNED if starts_on > ctx.today else "cancelled"
                published_on = None
                if status == Review.Status.PUBLISHED:
                    published_on = min(
                        ends_on + datetime.timedelta(days=rng.randint(10, REPORT_DUE_DAYS)),
                        ctx.today,
                    )
                rows["reviews"].append(
                    (
                        review_id,
                        school_id,
                        kinds[kind].id,
                        kinds[kind].one_per_school_per_year,
                        scope,
                        year,
                        framework.id,
                        starts_on,
                        ends_on,
                        str(status),
                        _summary(rng) if status == Review.Status.PUBLISHED else "",
                        published_on,
                        1,
                    )
                )
                for reviewer_id, role in team:
                    rows["team"].append(
                        (ids.take(TeamMember), review_id, reviewer_id, role, "", "", year)
                    )
                _status_trail(
                    rows,
                    ids,
                    review_id,
                    status,
                    starts_on,
                    ends_on,
                    published_on,
                    ctx.today,
                    rng.choice(central),
                )
                if status in Review.REPORT_OPEN or status in (
                    Review.Status.SUBMITTED,
                    Review.Status.APPROVED,
                ):
                    # On site a first estimate is in; a drafted report is written in full.
                    partial = status == Review.Status.ON_SITE
                    _report(rows, ids, rng, review_id, framework, areas, partial=partial)
                    if kind == "annual":
                        _excellence(
                            ctx, rows, ids, school_id, review_id, areas, None, None, bool(forced)
                        )
                if status == Review.Status.PUBLISHED:
                    _report(rows, ids, rng, review_id, framework, areas, partial=False)
                    if kind == "annual":
                        lead = next(r for r, role in team if role == Reviewer.Role.LEAD)
                        lead_user = reviewers["user_of"][lead]
                        _excellence(
                            ctx, rows, ids, school_id, review_id, areas, published_on, lead_user
                        )
                        if school_id in heads and rng.random() < 0.7:
                            rows["feedback"].append(
                                (
                                    ids.take(HeadteacherFeedback),
                                    review_id,
                                    rng.randint(5, 10),
                                    rng.randint(6, 10),
                                    rng.choice(["", "A rigorous, supportive review."]),
                                    heads[school_id],
                                    _moment(
                                        min(
                                            published_on
                                            + datetime.timedelta(days=rng.randint(1, 21)),
                                            ctx.today,
                                        ),
                                        15,
                                    ),
                                )
                            )
    with bulk_loading(LOADED):
        _load(rows)
    ids.reset_sequences()


@dataclass
class FrameworkRows:
    id: int
    year: int
    headings: list[int]
    grades: list[int]


def _reference_data() -> None:
    """The framework, practice areas and review kinds their migrations add, put back if cleared.

    A flushed database (`manage.py flush`, or a test that empties every table) keeps its schema
    but loses the rows migrations wrote; the same function restores them, and skips what exists.
    """
    migration = import_module("reviews.migrations.0002_framework_practice_areas_and_rules")
    migration.add_framework_and_areas(apps, None)
    kinds = import_module("reviews.migrations.0022_reviews_onto_their_kinds")
    kinds.add_review_kinds(apps, None)


def _frameworks() -> list[FrameworkRows]:
    """The current framework (from its migration) and an earlier one, newest first."""
    earlier, created = Framework.objects.get_or_create(
        effective_from_year=EARLIER_FRAMEWORK_YEAR, defaults={"name": "Original QA framework"}
    )
    if created:
        EstimateHeading.objects.bulk_create(
            EstimateHeading(framework=earlier, position=n, title=title)
            for n, title in enumerate(EARLIER_HEADINGS, start=1)
        )
        Grade.objects.bulk_create(
            Grade(framework=earlier, position=n, label=label)
            for n, label in enumerate(EARLIER_GRADES, start=1)
        )
    found = []
    for framework in Framework.objects.order_by("-effective_from_year")[:2]:
        found.append(
            FrameworkRows(
                framework.id,
                framework.effective_from_year,
                list(framework.headings.order_by("position").values_list("id", flat=True)),
                list(framework.grades.order_by("position").values_list("id", flat=True)),
            )
        )
    return found


def _seed_reviewers(ctx: DemoContext, schools: dict) -> dict[str, list[dict]]:
    """A headteacher or deputy of about a third of member schools reviews; a fifth lead."""
    rng = ctx.rng
    contacts = list(
        SchoolContact.objects.filter(school__hub__isnull=False)
        .order_by("id")
        .values_list("user_id", "school_id")
    )
    taken = set()
    reviewers = []
    ids = Ids()
    first_day = academic_year_start(ctx.current_year - ctx.scale.review_years + 1)
    span = max(1, (ctx.today - first_day).days - 100)
    rows = []
    for user_id, school_id in contacts:
        if user_id in taken or rng.random() > 0.3:
            continue
        taken.add(user_id)
        school = schools[school_id]
        role = Reviewer.Role.LEAD if rng.random() < 0.2 else Reviewer.Role.PEER
        phases = sorted({school["phase"], rng.choice([Phase.PRIMARY, Phase.SECONDARY]).value})
        # Most trained before the first year shown; the rest since, and review only after.
        if rng.random() < 0.6:
            trained = first_day - datetime.timedelta(days=rng.randint(30, 1500))
        else:
            trained = first_day + datetime.timedelta(days=rng.randint(0, span))
        reviewer_id = ids.take(Reviewer)
        rows.append((reviewer_id, user_id, school_id, role.value, trained, phases, True, False))
        reviewers.append(
            {
                "id": reviewer_id,
                "user_id": user_id,
                "trained_on": trained,
                "role": role,
                "school_id": school_id,
                "hub_id": school["hub_id"],
                "trust_id": school["trust_id"],
            }
        )
    copy_rows(
        Reviewer,
        # Training records (refresher, Ofsted experience) are filled in by demo.impact.
        [
            "id",
            "user_id",
            "school_id",
            "role",
            "trained_on",
            "phases",
            "is_active",
            "ofsted_experienced",
        ],
        rows,
    )
    ids.reset_sequences()
    return {
        "all": reviewers,
        "leads": [r for r in reviewers if r["role"] == Reviewer.Role.LEAD],
        "user_of": {r["id"]: r["user_id"] for r in reviewers},
    }


def _members_by_year(ctx: DemoContext) -> dict[int, list[int]]:
    """Member schools of each academic year: members on its first day or joining during it."""
    by_year = defaultdict(list)
    first_year = ctx.current_year - ctx.scale.review_years + 1
    for school_id, joined, left in Membership.objects.values_list(
        "school_id", "joined_on", "left_on"
    ):
        for year in range(first_year, ctx.current_year + 1):
            start = academic_year_start(year)
            end = datetime.date(year + 1, 7, 20)
            if joined <= end and (left is None or left > start + datetime.timedelta(days=300)):
                by_year[year].append(school_id)
    # A school that moved hub has two memberships in a year; it is reviewed once.
    return {year: sorted(set(ids)) for year, ids in by_year.items()}


@functools.cache
def _monday_of(year: int, week: int) -> datetime.date:
    first = academic_year_start(year)
    monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    return monday + datetime.timedelta(weeks=week - 1)


def _showcase(ctx) -> list[tuple[int, str]]:
    """Weeks and statuses for the first annual reviews of this year, so each status shows.

    On site in the latest week begun, drafted and published in the weeks before, team
    confirmed for the next week, planned and cancelled later in the year.
    """
    year = ctx.current_year
    starts = {week: _monday_of(year, week) for week in REVIEW_WEEKS}
    begun = [w for w in REVIEW_WEEKS if starts[w] <= ctx.today]
    ahead = [w for w in REVIEW_WEEKS if starts[w] > ctx.today]
    ended = [w for w in begun if starts[w] + datetime.timedelta(days=2) < ctx.today]
    reported = [w for w in begun if starts[w] + datetime.timedelta(days=12) <= ctx.today]
    wanted = []
    if begun:
        wanted.append((begun[-1], Review.Status.ON_SITE))
    if ended:
        wanted.append((ended[-1], Review.Status.REPORT_DRAFTED))
    # The report's quality assurance: submitted, returned to its lead, approved.
    for back, status in enumerate(
        [Review.Status.SUBMITTED, Review.Status.RETURNED, Review.Status.APPROVED], start=2
    ):
        if len(ended) >= back:
            wanted.append((ended[-back], status))
    if reported:
        wanted.append((reported[-1], Review.Status.PUBLISHED))
    if ahead:
        wanted.append((ahead[0], Review.Status.TEAM_CONFIRMED))
        wanted.append((ahead[-1], Review.Status.PLANNED))
        wanted.append((ahead[len(ahead) // 2], Review.Status.CANCELLED))
    return wanted


def _status(ctx, rng, starts_on, ends_on) -> str:
    today = ctx.today
    if rng.random() < 0.02:
        return Review.Status.CANCELLED
    if ends_on < today - datetime.timedelta(days=REPORT_DUE_DAYS):
        # A few reports of this year are overdue; earlier years' are all out.
        this_year = starts_on >= academic_year_start(ctx.current_year)
        overdue = this_year and rng.random() < 0.1
        return Review.Status.REPORT_DRAFTED if overdue else Review.Status.PUBLISHED
    if ends_on < today:
        # A team that left this week may not have moved the review on yet.
        if ends_on >= today - datetime.timedelta(days=7) and rng.random() < 0.3:
            return Review.Status.ON_SITE
        return rng.choice([Review.Status.REPORT_DRAFTED, Review.Status.PUBLISHED])
    if starts_on <= today:
        return Review.Status.ON_SITE
    if starts_on < today + datetime.timedelta(weeks=8):
        return Review.Status.TEAM_CONFIRMED
    return Review.Status.PLANNED


def _team(
    rng, reviewers, school, year, week, starts_on, busy, reviewed_by
) -> list[tuple[int, str]]:
    """A lead and two to four peers free that week, none of them in conflict with the school."""

    school_id, hub_id, trust_id = school["id"], school["hub_id"], school["trust_id"]
    chosen: set[int] = set()

    def free(candidate) -> bool:
        reviewer_id = candidate["id"]
        return not (
            candidate["trained_on"] >= starts_on
            or candidate["school_id"] == school_id
            or candidate["hub_id"] == hub_id
            or (trust_id and candidate["trust_id"] == trust_id)
            or reviewer_id in chosen
            or (reviewer_id, year, week) in busy
            or (reviewer_id, school_id, year - 1) in reviewed_by
        )

    team: list[tuple[int, str]] = []
    leads, everyone = reviewers["leads"], reviewers["all"]
    for _ in range(20):
        candidate = rng.choice(leads)
        if free(candidate):
            team.append((candidate["id"], Reviewer.Role.LEAD.value))
            chosen.add(candidate["id"])
            break
    peers_wanted = rng.randint(2, 4)
    for _ in range(40):
        candidate = rng.choice(everyone)
        if len(team) > peers_wanted:
            break
        if team and free(candidate):
            team.append((candidate["id"], Reviewer.Role.PEER.value))
            chosen.add(candidate["id"])
    if len(team) != peers_wanted + 1:
        return []
    for reviewer_id, _ in team:
        busy.add((reviewer_id, year, week))
        reviewed_by.add((reviewer_id, school_id, year))
    return team


def _summary(rng) -> str:
    return rng.choice(STRENGTHS) + " " + rng.choice(STRENGTHS)


# The statuses a review passed through to reach each status, and when before the visit the
# central team moved it on (the other steps fall on the visit's first or last day).
STATUS_PATHS = {
    Review.Status.PLANNED: ["planned"],
    Review.Status.TEAM_CONFIRMED: ["planned", "team_confirmed"],
    Review.Status.ON_SITE: ["planned", "team_confirmed", "on_site"],
    Review.Status.REPORT_DRAFTED: ["planned", "team_confirmed", "on_site", "report_drafted"],
    Review.Status.SUBMITTED: [
        "planned",
        "team_confirmed",
        "on_site",
        "report_drafted",
        "submitted",
    ],
    Review.Status.RETURNED: [
        "planned",
        "team_confirmed",
        "on_site",
        "report_drafted",
        "submitted",
        "returned",
    ],
    Review.Status.APPROVED: [
        "planned",
        "team_confirmed",
        "on_site",
        "report_drafted",
        "submitted",
        "approved",
    ],
    Review.Status.PUBLISHED: [
        "planned",
        "team_confirmed",
        "on_site",
        "report_drafted",
        "submitted",
        "approved",
        "published",
    ],
    Review.Status.CANCELLED: ["planned", "cancelled"],
}
DAYS_BEFORE_VISIT = {
    "planned": datetime.timedelta(days=90),
    "team_confirmed": datetime.timedelta(days=30),
    "cancelled": datetime.timedelta(days=14),
}


def _status_trail(
    rows, ids, review_id, status, starts_on, ends_on, published_on, today, by
) -> None:
    on_day = {
        "on_site": starts_on,
        "report_drafted": ends_on,
        "submitted": ends_on + datetime.timedelta(days=5),
        "returned": ends_on + datetime.timedelta(days=7),
        "approved": published_on or ends_on + datetime.timedelta(days=9),
        "published": published_on,
    }
    previous = ""
    for step in STATUS_PATHS[status]:
        day = on_day[step] if step in on_day else starts_on - DAYS_BEFORE_VISIT[step]
        moment = _moment(min(day, today), 9)
        note = "Link each EBI to the evidence under its heading." if step == "returned" else ""
        change = (ids.take(ReviewStatusChange), review_id, previous, step, by, moment, note)
        rows["status"].append(change)
        previous = step


@functools.cache
def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _report(rows, ids, rng, review_id, framework, areas, *, partial: bool) -> None:
    """Estimates, strengths and EBIs: all of them once published, some while drafting."""
    quality = rng.choices([0, 1, 2, 3], weights=[15, 55, 25, 5])[0]
    headings = framework.headings[:1] if partial else framework.headings
    for heading_id in headings:
        grade = min(3, max(0, quality + rng.choice([-1, 0, 0, 0, 1])))
        rows["estimates"].append(
            (ids.take(Estimate), review_id, heading_id, framework.grades[grade])
        )
    if partial:
        return
    for text in rng.sample(STRENGTHS, rng.randint(1, 3)):
        rows["strengths"].append((ids.take(Strength), review_id, text))
    for text, slug in rng.sample(EBIS, rng.randint(1, 3)):
        rows["ebis"].append((ids.take(EvenBetterIf), review_id, text, areas.get(slug)))


def _excellence(
    ctx, rows, ids, school_id, review_id, areas, published_on, lead_user, always=False
) -> None:
    """A third of schools nominate an area at their annual review; the team verifies most.

    Without a publication date the review is still under way and the area only nominated.
    Areas still current are spread so that every practice area has providers.
    """
    rng = ctx.rng
    if rng.random() > 0.35 and not always:
        return
    expires_on = None
    if published_on is None:
        status = AreaOfExcellence.Status.NOMINATED
    elif rng.random() < 0.8:
        status = AreaOfExcellence.Status.VERIFIED
        expires_on = _years_after(published_on, settings.AREA_OF_EXCELLENCE_VALID_YEARS)
    else:
        status = AreaOfExcellence.Status.NOT_VERIFIED
    slugs = [slug for slug in EXCELLENCE if slug in areas]
    current = rows["current_areas"]
    if expires_on and expires_on > ctx.today and rng.random() < 0.5:
        fewest = min(current.get(slug, 0) for slug in slugs)
        slug = rng.choice([s for s in slugs if current.get(s, 0) == fewest])
    else:
        slug = rng.choice(slugs)
    if expires_on and expires_on > ctx.today:
        current[slug] = current.get(slug, 0) + 1
    verified = status == AreaOfExcellence.Status.VERIFIED
    rows["excellence"].append(
        (
            ids.take(AreaOfExcellence),
            school_id,
            areas[slug],
            EXCELLENCE[slug],
            status.value,
            review_id,
            published_on if verified else None,
            expires_on,
            lead_user if published_on else None,
        )
    )


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _load(rows) -> None:
    copy_rows(
        Review,
        [
            "id",
            "school_id",
            "kind_id",
            "once_a_year",
            "spotlight_scope",
            "academic_year",
            "framework_id",
            "starts_on",
            "ends_on",
            "status",
            "what_went_well_summary",
            "published_on",
            "version",
        ],
        rows["reviews"],
    )
    copy_rows(
        TeamMember,
        [
            "id",
            "review_id",
            "reviewer_id",
            "role",
            "conflict_override_reason",
            "overridden_conflicts",
            "academic_year",
        ],
        rows["team"],
    )
    copy_rows(
        ReviewStatusChange,
        ["id", "review_id", "from_status", "to_status", "changed_by_id", "changed_at", "note"],
        rows["status"],
    )
    copy_rows(Estimate, ["id", "review_id", "heading_id", "grade_id"], rows["estimates"])
    copy_rows(Strength, ["id", "review_id", "text"], rows["strengths"])
    copy_rows(EvenBetterIf, ["id", "review_id", "text", "practice_area_id"], rows["ebis"])
    copy_rows(
        AreaOfExcellence,
        [
            "id",
            "school_id",
            "practice_area_id",
            "description",
            "status",
            "review_id",
            "verified_on",
            "expires_on",
            "verified_by_id",
        ],
        rows["excellence"],
    )
    copy_rows(
        HeadteacherFeedback,
        [
            "id",
            "review_id",
            "impact_rating",
            "development_rating",
            "comment",
            "given_by_id",
            "given_at",
        ],
        rows["feedback"],
    )
