"""Demo network finances and member survey answers for the current year and the one before."""

import datetime
from decimal import Decimal

from demo.context import DemoContext
from finance.models import ActivityBudget, IncomeEntry, IncomeSource, Quarter, SpendForecast
from hubs.models import Membership, SpendCategory
from hubs.years import academic_year_end, academic_year_start
from survey.models import SERVICES, SurveyResponse


def seed(ctx: DemoContext) -> None:
    hubs = ctx.scale.hubs
    for year in (ctx.current_year - 1, ctx.current_year):
        start = academic_year_start(year)
        income = [
            IncomeEntry(
                source=source,
                received_on=start + datetime.timedelta(days=ctx.rng.randrange(0, 330)),
                academic_year=year,
                amount=Decimal(ctx.rng.randrange(200, 2000) * hubs),
                description=description,
            )
            for source, description in [
                (IncomeSource.GRANT, "Department for Education grant"),
                (IncomeSource.GRANT, "Regional improvement grant"),
                (IncomeSource.PROGRAMME, "Leadership programme places"),
                (IncomeSource.OTHER, "Conference sponsorship"),
            ]
        ]
        IncomeEntry.objects.bulk_create(income)
        ActivityBudget.objects.bulk_create(
            ActivityBudget(
                academic_year=year,
                category=category,
                amount=Decimal(ctx.rng.randrange(100, 600) * hubs),
                agreed_on=start - datetime.timedelta(days=60),
                agreed_by="Senior partners' summer meeting",
            )
            for category in SpendCategory.values
        )
        SpendForecast.objects.bulk_create(
            SpendForecast(
                academic_year=year,
                quarter=quarter,
                category=category,
                amount=Decimal(ctx.rng.randrange(20, 150) * hubs),
            )
            for quarter in Quarter.values
            for category in SpendCategory.values
        )
        members = Membership.objects.on(academic_year_end(year)).values_list("school_id", "hub_id")
        responses = []
        for school_id, hub_id in members.order_by("school_id"):
            if ctx.rng.random() > 0.6:
                continue
            answers = {
                f"satisfaction_{name}": (
                    None if ctx.rng.random() < 0.2 else ctx.rng.choice([2, 3, 4, 4, 5, 5])
                )
                for name, _ in SERVICES
            }
            responses.append(
                SurveyResponse(
                    school_id=school_id,
                    hub_id=hub_id,
                    academic_year=year,
                    recommend=ctx.rng.choice([5, 6, 7, 8, 8, 9, 9, 10, 10]),
                    **answers,
                )
            )
        for batch in ctx.batches(responses):
            SurveyResponse.objects.bulk_create(batch)
