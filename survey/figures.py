"""The member survey's results: aggregates only, and none for fewer than five responses."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from survey.models import SERVICES, SurveyResponse

# Below this many responses (or ratings of a service) nothing is shown for the group.
MIN_RESPONSES = 5


@dataclass(frozen=True)
class SurveyResult:
    group: str
    responses: int
    # None where the group (or the service's ratings) is under MIN_RESPONSES.
    recommend_average: float | None
    promoters_percent: float | None
    detractors_percent: float | None
    satisfaction: dict[str, float | None]

    @property
    def shown(self) -> bool:
        return self.responses >= MIN_RESPONSES

    @property
    def net_recommend(self) -> float | None:
        if self.promoters_percent is None:
            return None
        return self.promoters_percent - self.detractors_percent


def _aggregates() -> dict:
    figures = {
        "responses": Count("pk"),
        "recommend_average": Avg("recommend"),
        "promoters": Count("pk", filter=Q(recommend__gte=9)),
        "detractors": Count("pk", filter=Q(recommend__lte=6)),
    }
    for name, _ in SERVICES:
        figures[f"{name}_count"] = Count(f"satisfaction_{name}")
        figures[f"{name}_average"] = Avg(f"satisfaction_{name}")
    return figures


def _result(group: str, row: dict) -> SurveyResult:
    responses = row["responses"] or 0
    if responses < MIN_RESPONSES:
        return SurveyResult(group, responses, None, None, None, dict.fromkeys(dict(SERVICES)))
    satisfaction = {
        name: (round(row[f"{name}_average"], 1) if row[f"{name}_count"] >= MIN_RESPONSES else None)
        for name, _ in SERVICES
    }
    return SurveyResult(
        group=group,
        responses=responses,
        recommend_average=round(row["recommend_average"], 1),
        promoters_percent=round(100 * row["promoters"] / responses, 1),
        detractors_percent=round(100 * row["detractors"] / responses, 1),
        satisfaction=satisfaction,
    )


def network_result(year: int) -> SurveyResult:
    row = SurveyResponse.objects.filter(academic_year=year).aggregate(**_aggregates())
    return _result("Network", row)


def hub_results(year: int, hubs) -> list[SurveyResult]:
    """One result for each of `hubs` (by the hub each school was in when it answered), in one
    query."""
    rows = {
        row["hub"]: row
        for row in SurveyResponse.objects.filter(academic_year=year, hub__in=hubs)
        .values("hub")
        .annotate(**_aggregates())
    }
    return [_result(hub.name, rows.get(hub.pk, {"responses": 0})) for hub in hubs]
