"""Ranking providers for a request, and finding schools like a given school.

Providers are ranked on context (phase, size, FSM, SEN, region) in the database, and only the
best few have their engagements counted for load and feedback; similar schools are ranked in the
database too (annotate, order, LIMIT). Both stay fast with 25,000 schools.
"""

import datetime
import functools
import operator
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    Lookup,
    OuterRef,
    Q,
    Value,
    When,
)
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


def _closeness(field: str, target, span: float, points: float) -> Case | Value:
    """Points when the field equals target, falling linearly to 0 at `span` apart.

    0 when either is unknown. In double precision, with the operations in this order:
    points * (1 - LEAST(1, ABS(value - target) / span)), as Python would compute them.
    """
    if target is None:
        return Value(0.0)
    gap = Abs(Cast(field, FloatField()) - Value(float(target))) / Value(float(span))
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(0.0)),
        default=Value(float(points)) * (Value(1.0) - Least(Value(1.0), gap)),
    )


def _equal(field: str, target, points: float) -> Case:
    """Points when the field equals target, else 0."""
    return Case(When(**{field: target}, then=Value(float(points))), default=Value(0.0))


def _context_parts(school: School, weights: Weights) -> dict[str, Case]:
    """The context parts of a candidate's score against `school`, by annotation name."""
    size_span = max(school.pupils_on_roll or 0, 1)
    w = weights
    return {
        "score_phase": _equal("phase", school.phase, w.phase),
        "score_size": _closeness("pupils_on_roll", school.pupils_on_roll, size_span, w.size),
        "score_fsm": _closeness("percent_fsm", school.percent_fsm, w.fsm_span, w.fsm),
        "score_sen": _closeness("percent_sen", school.percent_sen, w.sen_span, w.sen),
        "score_region": _equal("region", school.region, w.region),
    }


class _InArray(Lookup):
    """`lhs = ANY(ARRAY(subquery))`.

    Written as IN or EXISTS, the planner joins the offered schools by scanning every school in
    the network; an array makes it look each one up by primary key instead.
    """

    lookup_name = "in_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _by_context(offered, school: School, weights: Weights, leave_out_trust: bool):
    """Open schools offering a requested area, scored on context, best first; name, then id,
    break ties.

    Each carries its context parts (score_phase ... score_region), their sum (`context`), the
    ids of the requested areas it offers (`matching_area_ids`) and, with its hub's name, only
    what the suggestions show.
    """
    parts = _context_parts(school, weights)
    candidates = School.objects.filter(
        _InArray(F("pk"), ArraySubquery(offered.values("school_id"))), is_open=True
    ).exclude(pk=school.pk)
    if leave_out_trust:
        candidates = candidates.exclude(trust_id=school.trust_id)
    return (
        candidates.annotate(**parts)
        # Added left to right, as the Python sums are (see _add_up).
        .annotate(context=functools.reduce(operator.add, (F(name) for name in parts)))
        .annotate(
            matching_area_ids=ArraySubquery(
                offered.filter(school_id=OuterRef("pk")).order_by("pk").values("practice_area_id")
            )
        )
        .select_related("hub")
        .only("urn", "name", "phase", "region", "hub__name")
        .order_by("-context", "name", "pk")
    )


def _add_up(parts) -> float:
    # Plain left-to-right addition (sum() compensates for rounding from Python 3.12), as the
    # database adds the context parts, so a school's context sum plus its engagement parts is
    # exactly the total pruning compares.
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
    """(active engagements, past quality, already proposed) for each provider that has any.

    "Active" is is_active_engagement(), as Engagement.objects.active() counts it.
    """
    figures = (
        Engagement.objects.filter(provider_id__in=provider_ids)
        .values("provider_id")
        .annotate(
            active=Count("pk", filter=is_active_engagement()),
            quality=Avg(
                "request__feedback__quality_rating",
                filter=Q(status=Engagement.Status.ACCEPTED),
            ),
            proposed=Count("pk", filter=Q(request_id=request.pk)),
        )
        .order_by()
        .values_list("provider_id", "active", "quality", "proposed")
    )
    return {
        provider_id: (active, quality, proposed > 0)
        for provider_id, active, quality, proposed in figures
    }


def ranked_providers(
    request: SupportRequest,
    *,
    include_same_trust: bool = False,
    limit: int = 10,
    on: datetime.date | None = None,
    weights: Weights = WEIGHTS,
) -> list[School]:
    """Schools with a verified, unexpired area of excellence in a requested area, best first;
    equal totals go by name, then id.

    Each school carries score_<component> and score_total annotations, `matching_areas` (the
    requested practice areas it offers) and what the suggestions show: its URN, name, phase,
    region and hub's name. Its other fields are read from the database when first used.
    """
    on = on or timezone.localdate()
    school = request.school
    requested = {area.pk: area for area in request.practice_areas.all()}
    if limit <= 0 or not requested:
        return []
    offered = AreaOfExcellence.objects.offered(on).filter(practice_area_id__in=list(requested))
    leave_out_trust = bool(school.trust_id) and not include_same_trust
    by_context = _by_context(offered, school, weights, leave_out_trust)

    # Load and feedback add at most `most` points, so only schools whose context score comes
    # within that of the best totals need their engagements counted: at national scale a few
    # dozen of 1,500 candidates. The best by context come first, and at national scale they
    # have always been enough; a second round counts any others that could still make it.
    most = _most_from_engagements(weights)
    window = 5 * limit
    counted: dict[int, School] = {}
    figures: dict[int, tuple] = {}
    totals: dict[int, float] = {}  # pk -> total

    def count_engagements(schools: list[School]) -> None:
        figures.update(_engagement_figures([s.pk for s in schools], request))
        for s in schools:
            counted[s.pk] = s
            active, quality, _ = figures.get(s.pk, (0, None, False))
            engagement_parts = (_load_score(active, weights), _feedback_score(quality, weights))
            totals[s.pk] = _add_up((s.context, *engagement_parts))

    first = list(by_context if most is None else by_context[:window])
    if first:
        count_engagements(first)
    if most is not None and len(first) == window:
        bar = sorted(totals.values(), reverse=True)[limit - 1]
        # A hair of slack, so rounding in the sums never drops a school that could tie. Those
        # left out score no more on context than the window's last, so none can reach the bar
        # when it cannot.
        if first[-1].context + most >= bar - 1e-9:
            rest = list(
                by_context.alias(reach=F("context") + Value(float(most)))
                .filter(reach__gte=bar - 1e-9)
                .exclude(pk__in=list(counted))
            )
            if rest:
                count_engagements(rest)

    # Best total first; equal totals by name, then id.
    best = sorted(totals, key=lambda pk: (-totals[pk], counted[pk].name, pk))[:limit]
    providers = []
    for pk in best:
        provider = counted[pk]
        # Two verified areas in one practice area (from two reviews) name it once.
        provider.matching_areas = [
            requested[area_id] for area_id in dict.fromkeys(provider.matching_area_ids)
        ]
        active, quality, proposed = figures.get(pk, (0, None, False))
        provider.active_engagements = active
        provider.past_quality = quality
        provider.already_proposed = proposed
        provider.score_load = _load_score(active, weights)
        provider.score_feedback = _feedback_score(quality, weights)
        provider.score_total = totals[pk]
        provider.score_parts = [
            (COMPONENT_LABELS[component], round(getattr(provider, f"score_{component}"), 1))
            for component in COMPONENTS
        ]
        # The same with each part's most, so the page can say "12.5 of 15".
        provider.score_breakdown = [
            (label, value, getattr(weights, component))
            for (label, value), component in zip(provider.score_parts, COMPONENTS, strict=True)
        ]
        providers.append(provider)
    return providers


# What a similar-schools list shows of each school (its link, figures and region); with the
# phase, region and is_open these are the columns of the index the ranking reads.
SIMILAR_FIELDS = ("urn", "name", "pupils_on_roll", "percent_fsm", "percent_sen", "region")


def _gap(field: str, target, span: float):
    """How far apart a field is from target, 0 (equal) to 1 (a span or more apart).

    An unknown figure on either side counts as far apart.
    """
    if target is None:
        return Value(1.0)
    gap = Abs(Cast(field, FloatField()) - Value(float(target))) / Value(float(span))
    return Coalesce(Least(Value(1.0), gap), Value(1.0))


def similar_schools(school: School, *, limit: int = 10) -> list[School]:
    """Same phase (or type, for special and AP), close in size, % FSM and % SEN; region first.

    The school's own region is searched on its own first, and others only when it has too few:
    a region's schools are read from the index on (phase, region), where ranking a whole phase
    at once would read every school of that phase in the country. Schools from other regions
    carry other_region = True.
    """
    if school.phase in (Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION) and school.establishment_type:
        alike = Q(establishment_type=school.establishment_type)
    else:
        alike = Q(phase=school.phase)
    distance = (
        _gap("pupils_on_roll", school.pupils_on_roll, max(school.pupils_on_roll or 0, 1))
        + _gap("percent_fsm", school.percent_fsm, 20)
        + _gap("percent_sen", school.percent_sen, 15)
    )
    # Only the shown columns: the index on (phase, region) carries them, so the ranking reads
    # the index alone rather than a heap page for each of a region's schools.
    candidates = (
        School.objects.filter(alike, is_open=True)
        .exclude(pk=school.pk)
        .annotate(distance=distance)
        .only(*SIMILAR_FIELDS)
        .order_by("distance", "name")
    )
    found = list(candidates.filter(region=school.region)[:limit])
    if len(found) < limit:
        elsewhere = list(candidates.exclude(region=school.region)[: limit - len(found)])
        for other in elsewhere:
            other.other_region = True
        found += elsewhere
    return found
