"""Demo public data: each school's Ofsted history ending in the inspection its record shows,
KS2 or KS4 results for the last three years with England's, designations, and a few academies
linked in GIAS to the school they converted from."""

import datetime
import random
from decimal import Decimal

from demo.context import DemoContext
from hubs.choices import OfstedFramework, OfstedGrade, Phase
from hubs.models import School
from hubs.years import academic_year_start
from publicdata.models import (
    Designation,
    ExamResult,
    Inspection,
    Measure,
    NationalResult,
    SchoolLink,
)

GRADES = list(OfstedGrade)
BATCH = 5000
NATIONAL = {
    Measure.KS2_RWM_EXPECTED: Decimal("60.00"),
    Measure.KS4_ATTAINMENT_8: Decimal("46.10"),
    Measure.KS4_PROGRESS_8: Decimal("-0.03"),
    Measure.KS4_ENGLISH_MATHS_5: Decimal("45.90"),
}


def seed(ctx: DemoContext) -> None:
    # A copy of the shared random source: this part adds data without changing anyone else's.
    rng = random.Random()
    rng.setstate(ctx.rng.getstate())
    schools = list(
        School.objects.order_by("urn").values(
            "id",
            "urn",
            "phase",
            "governance",
            "ofsted_framework",
            "ofsted_grade",
            "ofsted_report_card",
            "ofsted_safeguarding_met",
            "ofsted_inspection_date",
        )
    )
    inspections = _inspections(rng, schools)
    Inspection.objects.bulk_create(inspections, batch_size=BATCH)
    years = [ctx.current_year - n for n in (3, 2, 1)]
    ExamResult.objects.bulk_create(_results(rng, schools, years), batch_size=BATCH)
    NationalResult.objects.bulk_create(
        [
            NationalResult(
                academic_year=year,
                measure=measure,
                # Progress 8 is about zero nationally by design; the others move a little.
                value=value if measure == Measure.KS4_PROGRESS_8 else value + year % 3,
            )
            for year in years
            for measure, value in NATIONAL.items()
        ]
    )
    Designation.objects.bulk_create(_designations(rng, schools, ctx.today), batch_size=BATCH)
    _links(rng, schools)


def _inspections(rng, schools) -> list[Inspection]:
    made = []
    number = 10000000
    for school in schools:
        latest = school["ofsted_inspection_date"]
        if not latest:
            continue
        number += 1
        made.append(
            Inspection(
                urn=school["urn"],
                inspection_number=str(number),
                inspection_type="S5 Inspection" if school["ofsted_grade"] else "Report card",
                start_date=latest,
                framework=school["ofsted_framework"],
                overall=school["ofsted_grade"],
                quality_of_education=school["ofsted_grade"],
                report_card=school["ofsted_report_card"] or {},
                safeguarding_met=school["ofsted_safeguarding_met"],
            )
        )
        day = latest
        for _ in range(rng.randint(0, 3)):
            day -= datetime.timedelta(days=rng.randint(700, 1700))
            number += 1
            ungraded = rng.random() < 0.3
            grade = "" if ungraded else rng.choices(GRADES, weights=[18, 65, 13, 4])[0]
            made.append(
                Inspection(
                    urn=school["urn"],
                    inspection_number=str(number),
                    inspection_type="S8 Inspection" if ungraded else "S5 Inspection",
                    start_date=day,
                    framework=OfstedFramework.GRADED_2019,
                    overall=grade,
                    quality_of_education=grade,
                    safeguarding_met=None if ungraded else True,
                )
            )
    return made


def _results(rng, schools, years) -> list[ExamResult]:
    made = []
    for school in schools:
        if school["phase"] == Phase.PRIMARY:
            measures = {Measure.KS2_RWM_EXPECTED: (35, 85)}
        elif school["phase"] == Phase.SECONDARY:
            measures = {
                Measure.KS4_ATTAINMENT_8: (30, 65),
                Measure.KS4_PROGRESS_8: (-1, 1),
                Measure.KS4_ENGLISH_MATHS_5: (20, 80),
            }
        else:
            continue
        for year in years:
            suppressed = rng.random() < 0.04
            for measure, (low, high) in measures.items():
                value = Decimal(f"{rng.uniform(low, high):.2f}")
                made.append(
                    ExamResult(
                        urn=school["urn"],
                        academic_year=year,
                        measure=measure,
                        value=None if suppressed else value,
                        marker="SUPP" if suppressed else "",
                    )
                )
    return made


def _designations(rng, schools, today) -> list[Designation]:
    made = []
    first_names = ["Pat", "Sam", "Alex", "Jo", "Chris", "Robin", "Nat", "Kim"]
    last_names = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Khan", "Patel", "Walsh"]
    for school in schools:
        draw = rng.random()
        if draw < 0.05:
            made.append(
                Designation(
                    school_id=school["id"],
                    kind=Designation.Kind.TEACHING_SCHOOL,
                    starts_on=datetime.date(2014, 9, 1),
                    ends_on=datetime.date(2021, 8, 31),
                )
            )
            made.append(
                Designation(
                    school_id=school["id"],
                    kind=Designation.Kind.TEACHING_SCHOOL_ALLIANCE,
                    detail=f"Alliance {school['urn']}",
                    starts_on=datetime.date(2014, 9, 1),
                    ends_on=datetime.date(2021, 8, 31),
                )
            )
        elif draw < 0.06:
            made.append(
                Designation(
                    school_id=school["id"],
                    kind=Designation.Kind.TEACHING_SCHOOL_HUB,
                    starts_on=datetime.date(2021, 9, 1),
                )
            )
        elif draw < 0.065:
            made.append(
                Designation(
                    school_id=school["id"],
                    kind=Designation.Kind.RESEARCH_SCHOOL,
                    starts_on=datetime.date(2019, 9, 1),
                )
            )
        for kind, share in ((Designation.Kind.NLE, 0.03), (Designation.Kind.SLE, 0.08)):
            if rng.random() < share:
                start = academic_year_start(today.year - rng.randint(1, 8))
                made.append(
                    Designation(
                        school_id=school["id"],
                        kind=kind,
                        holder=f"{rng.choice(first_names)} {rng.choice(last_names)}",
                        detail="Maths" if kind == Designation.Kind.SLE else "",
                        starts_on=start,
                        ends_on=None if rng.random() < 0.7 else start.replace(year=start.year + 3),
                    )
                )
    return made


def _links(rng, schools) -> None:
    """Some academies converted from a maintained school whose URN began with 9."""
    links, earlier = [], []
    number = 20000000
    for school in schools:
        if not school["governance"].startswith("academy") or rng.random() > 0.2:
            continue
        predecessor = f"9{school['urn'][1:]}"
        converted = (school["ofsted_inspection_date"] or datetime.date(2016, 1, 1)) - (
            datetime.timedelta(days=rng.randint(200, 900))
        )
        links.append(
            SchoolLink(
                predecessor_urn=predecessor,
                successor_urn=school["urn"],
                kind=SchoolLink.Kind.SUCCESSOR,
                link_type="Predecessor",
                established_on=converted,
            )
        )
        number += 1
        grade = rng.choices(GRADES, weights=[10, 55, 25, 10])[0]
        earlier.append(
            Inspection(
                urn=predecessor,
                inspection_number=str(number),
                inspection_type="S5 Inspection",
                start_date=converted - datetime.timedelta(days=rng.randint(300, 1500)),
                framework=OfstedFramework.GRADED_2019,
                overall=grade,
                quality_of_education=grade,
                safeguarding_met=True,
            )
        )
    SchoolLink.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    Inspection.objects.bulk_create(earlier, batch_size=BATCH)
