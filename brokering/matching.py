"""Ranking providers for a request, and finding schools like a given school.

Providers are scored in Python from a few small queries; similar schools are ranked in the
database (annotate, order, LIMIT). Both stay fast with 25,000 schools.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Avg, Count, F, FloatField, Lookup, Q, Value
from django.db.models.functions import Abs, Cast, Coalesce, Least
from django.utils import timezone

from brokering.models import (
    HIGHEST_RATING,
    LOWEST_RATING,
    Engagement,
    SupportRequest,
    is_active_engagement,
)
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


class _InArray(Lookup):
    """`lhs = ANY(ARRAY(subquery))`.

    Written as IN or EXISTS, the planner joins by scanning all 25,000 schools; an array makes
    it look each id up by primary key instead (4 ms rather than 12 at national scale).
    """

    lookup_name = "in_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _closeness(target, span: float, points: float) -> Callable[[object], float]:
    """Scores a value: points when equal to target, falling linearly to 0 at `span` apart.

    0 when either is unknown.
    """
    if target is None:
        return lambda value: 0.0
    target, span, points = float(target), float(span), float(points)

    def score(value) -> float:
        if value is None:
            return 0.0
        return points * (1.0 - min(1.0, abs(float(value) - target) / span))

    return score


def _equal(target, points: float) -> Callable[[object], float]:
    points = float(points)
    return lambda value: points if value == target else 0.0


def _add_up(parts) -> float:
    # Plain left-to-right addition (sum() compensates for rounding from Python 3.12), so a
    # school's context sum plus its engagement parts is exactly the total pruning compares.
    total = 0.0
    for part in parts:
        total += part
    return total


def _load_score(active: int, weights: Weights) -> float:
    return max(0.0, weights.load - float(active) * weights.per_engagement)


def _feedback_score(quality: float | None, weights: Weights) -> float:
    # No feedback yet counts as middling, neither rewarded nor punished.
    if quality is None:
        return weights.feedback / 2
    return quality * (weights.feedback / 10)


def _most_from_engagements(weights: Weights) -> float | None:
    """The most load and feedback can add to a score; None when that has no bound."""
    if weights.per_engagement < 0:
        return None
    feedback = max(
        _feedback_score(quality, weights) for quality in (None, LOWEST_RATING, HIGHEST_RATING)
    )
    return max(0.0, weights.load) + feedback


def _engagement_figures(provider_ids: list[int], request: SupportRequest) -> dict[int, tuple]:
    """(active engagements, past quality, already proposed) for each provider that has any."""
    accepted = Q(status=Engagement.Status.ACCEPTED)
    figures = (
        Engagement.objects.filter(provider_id__in=provider_ids)
        .values("provider_id")
        .annotate(
            active=Count("pk", filter=is_active_engagement()),
            quality=Avg("request__feedback__quality_rating", filter=accepted),
            proposed=Count("pk", filter=Q(request_id=request.pk)),
        )
        .order_by()
    )
    return {
        row["provider_id"]: (row["active"], row["quality"], row["proposed"] > 0) for row in figures
    }


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
    if limit <= 0 or not area_ids:
        return []
    offered = AreaOfExcellence.objects.offered(on).filter(practice_area_id__in=area_ids)
    candidates = School.objects.filter(
        _InArray(F("pk"), ArraySubquery(offered.values("school_id"))), is_open=True
    ).exclude(pk=school.pk)
    if school.trust_id and not include_same_trust:
        candidates = candidates.exclude(trust_id=school.trust_id)

    # The database's name order, kept by the stable sorts below, breaks ties in score.
    rows = candidates.order_by("name").values_list(
        "pk", "phase", "pupils_on_roll", "percent_fsm", "percent_sen", "region"
    )
    score_phase = _equal(school.phase, weights.phase)
    size_span = max(school.pupils_on_roll or 0, 1)
    score_size = _closeness(school.pupils_on_roll, size_span, weights.size)
    score_fsm = _closeness(school.percent_fsm, weights.fsm_span, weights.fsm)
    score_sen = _closeness(school.percent_sen, weights.sen_span, weights.sen)
    score_region = _equal(school.region, weights.region)
    scored = []  # (pk, context parts, their sum), in name order
    for pk, phase, pupils, fsm, sen, region in rows:
        parts = (
            score_phase(phase),
            score_size(pupils),
            score_fsm(fsm),
            score_sen(sen),
            score_region(region),
        )
        scored.append((pk, parts, _add_up(parts)))
    by_context = sorted(range(len(scored)), key=lambda i: -scored[i][2])

    # Load and feedback add at most `most` points, so only schools whose context score comes
    # within that of the best totals need their engagements counted: at national scale a few
    # dozen of 1,500 candidates. The best by context come first, and at national scale they
    # have always been enough; a second round counts any others that could still make it.
    most = _most_from_engagements(weights)
    figures: dict[int, tuple] = {}
    totals: dict[int, float] = {}  # index into scored -> total

    def count_engagements(indexes: list[int]) -> None:
        figures.update(_engagement_figures([scored[i][0] for i in indexes], request))
        for i in indexes:
            active, quality, _ = figures.get(scored[i][0], (0, None, False))
            engagement_parts = (_load_score(active, weights), _feedback_score(quality, weights))
            totals[i] = _add_up((scored[i][2], *engagement_parts))

    first = by_context if most is None else by_context[: 5 * limit]
    if first:
        count_engagements(first)
    if len(first) < len(by_context):
        bar = sorted(totals.values(), reverse=True)[limit - 1]
        # A hair of slack, so rounding in the sums never drops a school that could tie.
        rest = [i for i in by_context[len(first) :] if scored[i][2] + most >= bar - 1e-9]
        if rest:
            count_engagements(rest)

    best = sorted(totals, key=lambda i: (-totals[i], i))[:limit]
    # Each candidate offers a matching area, so those areas bring their schools, with hub and
    # trust, in one query.
    areas = (
        offered.filter(school_id__in=[scored[i][0] for i in best])
        .select_related("practice_area", "school__hub", "school__trust")
        .order_by("pk")
    )
    schools: dict[int, School] = {}
    for area in areas:
        if area.school_id not in schools:
            schools[area.school_id] = area.school
            area.school.matching_areas = []
        schools[area.school_id].matching_areas.append(area)
    providers = []
    for i in best:
        pk, context, _ = scored[i]
        provider = schools.get(pk)
        if provider is None:  # changed since the first query
            continue
        active, quality, proposed = figures.get(pk, (0, None, False))
        provider.active_engagements = active
        provider.past_quality = quality
        provider.already_proposed = proposed
        values = [*context, _load_score(active, weights), _feedback_score(quality, weights)]
        for name, value in zip(COMPONENTS, values, strict=True):
            setattr(provider, f"score_{name}", value)
        provider.score_total = totals[i]
        provider.score_parts = [
            (COMPONENT_LABELS[name], round(value, 1))
            for name, value in zip(COMPONENTS, values, strict=True)
        ]
        providers.append(provider)
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
