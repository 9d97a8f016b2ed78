"""Ranking provider schools for a request, and finding schools like a given school.

Both run in the database (annotate, order, LIMIT) so they stay fast with 25,000 schools.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Abs, Cast, Coalesce, Greatest, Least
from django.utils import timezone

from brokering.models import Engagement, SupportRequest
from hubs.choices import Phase
from hubs.models import School
from reviews.models import AreaOfExcellence


@dataclass(frozen=True)
class Weights:
    """Points each part of the score can add; they sum to 100."""

    phase: float = 25
    size: float = 15
    fsm: float = 15
    sen: float = 10
    region: float = 10
    load: float = 15
    feedback: float = 10
    # Differences at or beyond these count as not alike at all.
    fsm_span: float = 20  # percentage points
    sen_span: float = 15  # percentage points
    # Each active engagement costs this many of the load points.
    per_engagement: float = 5


WEIGHTS = Weights()
COMPONENTS = ["phase", "size", "fsm", "sen", "region", "load", "feedback"]
COMPONENT_LABELS = {
    "phase": "Same phase",
    "size": "Pupils on roll",
    "fsm": "% FSM",
    "sen": "% SEN",
    "region": "Same region",
    "load": "Current load",
    "feedback": "Past feedback",
}


def _float(expression) -> Cast:
    return Cast(expression, FloatField())


def _closeness(field: str, target, span: float, points: float):
    """points when equal, falling linearly to 0 at `span` apart; 0 when either is unknown."""
    if target is None:
        return Value(0.0)
    gap = Abs(_float(field) - Value(float(target)))
    share = Value(1.0) - Least(Value(1.0), gap / Value(float(span)))
    return Coalesce(Value(float(points)) * share, Value(0.0))


def _equal(field: str, target, points: float):
    return Case(When(**{field: target}, then=Value(float(points))), default=Value(0.0))


def ranked_providers(
    request: SupportRequest,
    *,
    include_same_trust: bool = False,
    limit: int = 10,
    on: datetime.date | None = None,
    weights: Weights = WEIGHTS,
) -> list[School]:
    """Schools with a verified, unexpired area of excellence in a requested area, best first.

    Each school carries score_<component> and score_total annotations and `matching_areas`.
    """
    on = on or timezone.localdate()
    school = request.school
    area_ids = [area.pk for area in request.practice_areas.all()]
    offered = AreaOfExcellence.objects.offered(on).filter(practice_area_id__in=area_ids)
    candidates = School.objects.filter(
        Exists(offered.filter(school_id=OuterRef("pk"))), is_open=True
    ).exclude(pk=school.pk)
    if school.trust_id and not include_same_trust:
        candidates = candidates.exclude(trust_id=school.trust_id)

    active = (
        Engagement.objects.active()
        .filter(provider_id=OuterRef("pk"))
        .values("provider_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    past_quality = (
        Engagement.objects.filter(
            provider_id=OuterRef("pk"),
            status=Engagement.Status.ACCEPTED,
            request__feedback__isnull=False,
        )
        .values("provider_id")
        .annotate(avg=Avg("request__feedback__quality_rating"))
        .values("avg")
    )
    size_span = max(school.pupils_on_roll or 0, 1)
    ranked = candidates.annotate(
        active_engagements=Coalesce(Subquery(active), 0),
        past_quality=Subquery(past_quality, output_field=FloatField()),
        score_phase=_equal("phase", school.phase, weights.phase),
        score_size=_closeness("pupils_on_roll", school.pupils_on_roll, size_span, weights.size),
        score_fsm=_closeness("percent_fsm", school.percent_fsm, weights.fsm_span, weights.fsm),
        score_sen=_closeness("percent_sen", school.percent_sen, weights.sen_span, weights.sen),
        score_region=_equal("region", school.region, weights.region),
        score_load=Greatest(
            Value(0.0),
            Value(weights.load) - _float(F("active_engagements")) * Value(weights.per_engagement),
        ),
        # No feedback yet counts as middling, neither rewarded nor punished.
        score_feedback=Coalesce(
            F("past_quality") * Value(weights.feedback / 10), Value(weights.feedback / 2)
        ),
        already_proposed=Exists(
            Engagement.objects.filter(request_id=request.pk, provider_id=OuterRef("pk"))
        ),
    ).annotate(score_total=sum((F(f"score_{name}") for name in COMPONENTS), Value(0.0)))
    ranked = (
        ranked.select_related("hub", "trust")
        .prefetch_related(
            Prefetch(
                "areas_of_excellence",
                queryset=offered.select_related("practice_area"),
                to_attr="matching_areas",
            )
        )
        .order_by("-score_total", "name")
    )
    providers = list(ranked[:limit])
    for provider in providers:
        provider.score_parts = [
            (COMPONENT_LABELS[name], round(getattr(provider, f"score_{name}"), 1))
            for name in COMPONENTS
        ]
    return providers


def similar_schools(school: School, *, limit: int = 10) -> list[School]:
    """Same phase (or type, for special and AP), close in size, % FSM and % SEN; region first.

    The school's own region is searched on its own first, and others only when it has too few:
    ranking a whole phase at once (12,000 primaries at national scale) took 25 ms a profile.
    """
    if school.phase in (Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION) and school.establishment_type:
        alike = Q(establishment_type=school.establishment_type)
    else:
        alike = Q(phase=school.phase)
    size_span = max(school.pupils_on_roll or 0, 1)

    def gap(field: str, target, span: float):
        # An unknown figure on either side counts as far apart.
        if target is None:
            return Value(1.0)
        distance = Abs(_float(field) - Value(float(target))) / Value(float(span))
        return Coalesce(Least(Value(1.0), distance), Value(1.0))

    candidates = (
        School.objects.filter(alike, is_open=True)
        .exclude(pk=school.pk)
        .annotate(
            distance=gap("pupils_on_roll", school.pupils_on_roll, size_span)
            + gap("percent_fsm", school.percent_fsm, 20)
            + gap("percent_sen", school.percent_sen, 15),
        )
        .select_related("hub")
        .order_by("distance", "name")
    )
    found = list(candidates.filter(region=school.region)[:limit])
    if len(found) < limit:
        found += candidates.exclude(region=school.region)[: limit - len(found)]
    return found
