"""Demo trusts, hubs, schools, memberships and people (called by seed_demo)."""

import datetime
from decimal import Decimal

from django.utils.text import slugify
from psycopg.types.json import Jsonb

from demo.context import DemoContext, bulk_loading, copy_rows
from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, Region, ReportCardArea
from hubs.choices import ReportCardGrade as RCG
from hubs.models import Hub, Membership, School, SchoolContact, Trust
from hubs.years import academic_year_start
from partnership.models import User

PLACES = [
    "Ashford",
    "Bramley",
    "Carlton",
    "Denton",
    "Eastwood",
    "Fairfield",
    "Greenhill",
    "Hartley",
    "Ingleby",
    "Jarrow",
    "Kingsley",
    "Langley",
    "Marston",
    "Newbold",
    "Oakwood",
    "Parkside",
    "Queensbury",
    "Redhill",
    "Southgate",
    "Thornbury",
    "Upton",
    "Valley",
    "Westfield",
    "Yardley",
    "Ashby",
    "Beeston",
    "Chorley",
    "Darley",
    "Elmsett",
    "Frodsham",
    "Garforth",
    "Halton",
    "Ilkley",
    "Kirkby",
    "Lydney",
    "Morley",
    "Norton",
    "Ossett",
    "Pudsey",
    "Rothwell",
    "Selby",
    "Tadley",
    "Wetherby",
    "Alston",
    "Bolton",
    "Calder",
    "Dunham",
    "Eldon",
    "Fulwood",
    "Grange",
    "Heaton",
    "Irlam",
    "Keswick",
    "Lowton",
    "Melling",
    "Netley",
]
FIRST_NAMES = [
    "Alex",
    "Amina",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Farah",
    "George",
    "Hannah",
    "Isaac",
    "Jade",
    "Kwame",
    "Laura",
    "Mohammed",
    "Nadia",
    "Oliver",
    "Priya",
    "Rachel",
    "Samuel",
    "Tara",
    "Usman",
    "Victoria",
    "William",
    "Yasmin",
    "Zoe",
    "Aaron",
    "Bethany",
    "Connor",
    "Deepa",
]
SURNAMES = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Taylor",
    "Usher",
    "Vaughan",
    "Walker",
    "Young",
    "Begum",
    "Carter",
    "Dixon",
    "Ellis",
]

# Phase mix of a real network: about 51% primary, 35% secondary, 14% special and AP.
PHASE_WEIGHTS = [
    (Phase.PRIMARY, 48),
    (Phase.NURSERY, 1),
    (Phase.MIDDLE, 1),
    (Phase.ALL_THROUGH, 1),
    (Phase.SECONDARY, 33),
    (Phase.SIXTEEN_PLUS, 2),
    (Phase.SPECIAL, 10),
    (Phase.ALTERNATIVE_PROVISION, 4),
]
PUPILS = {
    Phase.NURSERY: (40, 120),
    Phase.PRIMARY: (90, 700),
    Phase.MIDDLE: (300, 700),
    Phase.ALL_THROUGH: (900, 2000),
    Phase.SECONDARY: (550, 1800),
    Phase.SIXTEEN_PLUS: (300, 1500),
    Phase.SPECIAL: (40, 260),
    Phase.ALTERNATIVE_PROVISION: (15, 120),
}
SUFFIX = {
    Phase.NURSERY: "Nursery School",
    Phase.PRIMARY: "Primary School",
    Phase.MIDDLE: "Middle School",
    Phase.ALL_THROUGH: "All-through School",
    Phase.SECONDARY: "Academy",
    Phase.SIXTEEN_PLUS: "Sixth Form College",
    Phase.SPECIAL: "Special School",
    Phase.ALTERNATIVE_PROVISION: "Pupil Referral Unit",
}
MAINTAINED = [
    Governance.COMMUNITY,
    Governance.VOLUNTARY_AIDED,
    Governance.VOLUNTARY_CONTROLLED,
    Governance.FOUNDATION,
]
REPORT_CARD_START = datetime.date(2025, 11, 10)


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    trusts = _seed_trusts(ctx)
    hubs = _seed_hubs(ctx)
    with bulk_loading([School, Membership, User, SchoolContact]):
        schools = _seed_schools(ctx, trusts, hubs)
        _seed_memberships(schools)
        _seed_people(ctx, hubs, schools)
    # Lead school: a member school of the hub, teaching schools first.
    by_hub: dict[int, list[School]] = {}
    for school in schools:
        if school.hub_id:
            by_hub.setdefault(school.hub_id, []).append(school)
    for hub in hubs:
        members = by_hub.get(hub.id) or []
        if members:
            hub.lead_school = max(members, key=lambda s: (s.is_teaching_school, rng.random()))
    Hub.objects.bulk_update(hubs, ["lead_school", "senior_partner"], batch_size=2000)


def _seed_trusts(ctx: DemoContext) -> list[Trust]:
    words = ["Learning", "Education", "Schools", "Academies", "Partnership"]
    trusts = [
        Trust(
            name=f"{ctx.rng.choice(PLACES)} {ctx.rng.choice(words)} Trust {n + 1}",
            reference=f"TR{n + 1:05d}",
        )
        for n in range(ctx.scale.trusts)
    ]
    return Trust.objects.bulk_create(trusts, batch_size=2000)


def _seed_hubs(ctx: DemoContext) -> list[Hub]:
    regions = list(Region)
    hubs = []
    for n in range(ctx.scale.hubs):
        name = f"{PLACES[n % len(PLACES)]} Hub" + (
            f" {n // len(PLACES) + 1}" if n >= len(PLACES) else ""
        )
        hubs.append(Hub(name=name, slug=slugify(name), region=regions[n % len(regions)]))
    return Hub.objects.bulk_create(hubs, batch_size=2000)


def _pick_phase(rng) -> str:
    total = sum(weight for _, weight in PHASE_WEIGHTS)
    roll = rng.uniform(0, total)
    for phase, weight in PHASE_WEIGHTS:
        roll -= weight
        if roll <= 0:
            return phase
    return Phase.PRIMARY


def _ofsted(rng, today: datetime.date) -> dict:
    inspected = today - datetime.timedelta(days=rng.randint(30, 6 * 365))
    if inspected >= REPORT_CARD_START:
        grades = [RCG.EXCEPTIONAL, RCG.STRONG, RCG.EXPECTED, RCG.EXPECTED, RCG.NEEDS_ATTENTION]
        areas = [a for a in ReportCardArea if a not in (ReportCardArea.SIXTH_FORM,)]
        return {
            "ofsted_framework": OfstedFramework.REPORT_CARD_2025,
            "ofsted_report_card": {area.value: rng.choice(grades).value for area in areas},
            "ofsted_safeguarding_met": rng.random() > 0.02,
            "ofsted_inspection_date": inspected,
        }
    grade = rng.choices(list(OfstedGrade), weights=[18, 65, 13, 4])[0]
    return {
        "ofsted_framework": OfstedFramework.GRADED_2019,
        "ofsted_grade": grade,
        "ofsted_inspection_date": inspected,
    }


SCHOOL_COPY_FIELDS = [
    "urn",
    "name",
    "phase",
    "establishment_type",
    "governance",
    "trust_id",
    "local_authority",
    "region",
    "postcode",
    "postcode_compact",
    "pupils_on_roll",
    "percent_fsm",
    "percent_sen",
    "ofsted_framework",
    "ofsted_grade",
    "ofsted_report_card",
    "ofsted_safeguarding_met",
    "ofsted_inspection_date",
    "is_teaching_school",
    "is_open",
    "hub_id",
]


def _seed_schools(ctx: DemoContext, trusts: list[Trust], hubs: list[Hub]) -> list[School]:
    """Schools go in by COPY: at national scale the ORM's insert would take most of a minute."""
    rng = ctx.rng
    rows = []
    plans = {}
    for n in ctx.progress(range(ctx.scale.schools), ctx.scale.schools, "Schools"):
        phase = _pick_phase(rng)
        academy = rng.random() < 0.5
        governance = (
            rng.choices(
                [
                    Governance.ACADEMY_CONVERTER,
                    Governance.ACADEMY_SPONSORED,
                    Governance.FREE_SCHOOL,
                ],
                weights=[70, 22, 8],
            )[0]
            if academy
            else rng.choices(MAINTAINED + [Governance.OTHER], weights=[60, 20, 12, 6, 2])[0]
        )
        # Every hub gets schools; a school mostly sits in its hub's region.
        hub = hubs[n % len(hubs)] if n < len(hubs) * 4 else rng.choice(hubs)
        low, high = PUPILS[phase]
        special = phase in (Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION)
        place = rng.choice(PLACES)
        urn = f"{100000 + n * 3 + rng.randint(0, 2):06d}"
        postcode = (
            f"{place[:2].upper()}{rng.randint(1, 30)} {rng.randint(1, 9)}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        ofsted = _ofsted(rng, ctx.today)
        current_hub, plans[urn] = _plan_memberships(ctx, hub, hubs)
        prefix = rng.choice(["", "St Anne’s ", "Oak ", "Park ", "Hill "])
        rows.append(
            (
                urn,
                f"{place} {prefix}{SUFFIX[phase]}",
                phase.value,
                governance.label,
                governance.value,
                rng.choice(trusts).id if academy else None,
                place,
                hub.region if rng.random() < 0.9 else rng.choice(list(Region)).value,
                postcode,
                postcode.replace(" ", ""),
                rng.randint(low, high),
                Decimal(rng.randint(300, 6000)) / 100,
                Decimal(rng.randint(9000, 10000) if special else rng.randint(400, 2500)) / 100,
                ofsted["ofsted_framework"].value,
                ofsted.get("ofsted_grade", ""),
                Jsonb(ofsted.get("ofsted_report_card", {})),
                ofsted.get("ofsted_safeguarding_met"),
                ofsted["ofsted_inspection_date"],
                rng.random() < 0.06,
                True,
                current_hub.id if current_hub else None,
            )
        )
    copy_rows(School, SCHOOL_COPY_FIELDS, rows)
    schools = list(School.objects.only("id", "urn", "hub_id", "is_teaching_school").order_by("id"))
    for school in schools:
        school._demo_memberships = plans[school.urn]
    return schools


def _plan_memberships(ctx: DemoContext, hub: Hub, hubs: list[Hub]) -> tuple[Hub | None, list]:
    """Schools joined over ten years, most at the start; some left, some moved hub.

    Returns the school's current hub and its memberships as (hub, joined, left, reason).
    """
    rng = ctx.rng
    # Most schools are founding members; the rest joined over the years since.
    first_year = ctx.current_year - 9
    year = first_year if rng.random() < 0.7 else rng.randint(first_year + 1, ctx.current_year)
    joined = academic_year_start(year) + datetime.timedelta(days=rng.randint(0, 200))
    joined = min(joined, ctx.today)
    fate = rng.random()
    long_enough = joined < ctx.today - datetime.timedelta(days=400)
    if fate < 0.05 and long_enough:
        left = joined + datetime.timedelta(days=rng.randint(365, (ctx.today - joined).days))
        return None, [(hub, joined, left, Membership.LeaveReason.LEFT)]
    if fate < 0.08 and long_enough:
        moved = joined + datetime.timedelta(days=rng.randint(365, (ctx.today - joined).days))
        new_hub = rng.choice(hubs)
        return new_hub, [
            (hub, joined, moved, Membership.LeaveReason.MOVED),
            (new_hub, moved, None, ""),
        ]
    return hub, [(hub, joined, None, "")]


def _seed_memberships(schools: list[School]) -> None:
    rows = (
        (school.id, hub.id, joined, left, reason)
        for school in schools
        for hub, joined, left, reason in school._demo_memberships
    )
    copy_rows(Membership, ["school_id", "hub_id", "joined_on", "left_on", "leave_reason"], rows)


def _person(rng) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _seed_people(ctx: DemoContext, hubs: list[Hub], schools: list[School]) -> None:
    rng = ctx.rng
    users: list[User] = []

    def add_user(local_part: str, **fields) -> User:
        user = User(email=ctx.email(local_part), password=ctx.password_hash, **fields)
        users.append(user)
        return user

    admin = add_user(
        "admin", full_name="Ada Admin", is_staff=True, is_superuser=True, is_central_team=True
    )
    central = [add_user("central", full_name="Cass Central", is_central_team=True)]
    central += [
        add_user(f"central{n}", full_name=_person(rng), is_central_team=True)
        for n in range(2, 2 + max(3, ctx.scale.hubs // 50))
    ]
    managers = {
        hub.id: add_user(f"manager.{hub.slug}", full_name=_person(rng), job_title="Hub manager")
        for hub in hubs
    }
    partners = {
        hub.id: add_user(
            f"partner.{hub.slug}", full_name=_person(rng), job_title="Headteacher, senior partner"
        )
        for hub in hubs
    }
    heads = {
        school.id: add_user(f"head.{school.urn}", full_name=_person(rng), job_title="Headteacher")
        for school in schools
    }
    # Further contacts (deputy heads) until the users reach the scale's number.
    extra = max(0, ctx.scale.users - len(users))
    deputies = {}
    for school in rng.sample(schools, min(extra, len(schools))):
        deputies[school.id] = add_user(
            f"deputy.{school.urn}", full_name=_person(rng), job_title="Deputy headteacher"
        )
    user_fields = ["email", "password", "full_name", "job_title", "is_central_team", "is_staff"]
    user_fields += ["is_superuser", "is_active", "date_joined"]
    copy_rows(User, user_fields, ([getattr(u, f) for f in user_fields] for u in users))
    ids = dict(User.objects.filter(email__endswith=ctx.email("")).values_list("email", "id"))
    for user in users:
        user.id = ids[user.email]

    through = Hub.managers.through
    through.objects.bulk_create(
        [through(hub_id=hub_id, user=user) for hub_id, user in managers.items()]
    )
    for hub in hubs:
        hub.senior_partner = partners[hub.id]
    contacts = [
        SchoolContact(user=user, school_id=school_id, is_headteacher=True)
        for school_id, user in heads.items()
    ]
    contacts += [
        SchoolContact(user=user, school_id=school_id) for school_id, user in deputies.items()
    ]
    copy_rows(
        SchoolContact,
        ["user_id", "school_id", "is_headteacher"],
        ((c.user.id, c.school_id, c.is_headteacher) for c in contacts),
    )

    first_hub = hubs[0]
    contact_school = next(s for s in schools if s.hub_id and s.hub_id != first_hub.id)
    ctx.logins += [
        ("admin", admin.email),
        ("central team", central[0].email),
        ("hub manager", managers[first_hub.id].email),
        ("senior partner", partners[first_hub.id].email),
        ("school contact", heads[contact_school.id].email),
    ]
