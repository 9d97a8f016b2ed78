"""Ranking providers for a request, and finding schools like a given school.

Providers are ranked on context (phase, size, FSM, SEN, region) in the database, and only the
best few have their engagements counted for load and feedback; similar schools are ranked in the
database too (annotate, order, LIMIT). Both stay fast with 25,000 schools.
"""

import datetime
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from brokering.models import (
    ACTIVE_STATUSES,
    HIGHEST_RATING,
    LOWEST_RATING,
    Engagement,
    Feedback,
    SupportRequest,
)
from hubs.choices import Phase
from hubs.models import Hub, School
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


def _closeness(column: str, target, span: float, points: float) -> tuple[str, list]:
    """SQL scoring a column: points when equal to target, falling linearly to 0 at `span` apart.

    0 when either is unknown. In double precision, with the operations in this order:
    points * (1 - LEAST(1, ABS(value - target) / span)), as Python would compute it.
    """
    if target is None:
        return "0::float8", []
    sql = (
        f"CASE WHEN {column} IS NULL THEN 0::float8 ELSE %s::float8 * (1::float8 - "
        f"LEAST(1::float8, ABS({column}::float8 - %s::float8) / %s::float8)) END"
    )
    return sql, [float(points), float(target), float(span)]


def _equal(column: str, target, points: float) -> tuple[str, list]:
    """SQL scoring a column: points when equal to target (both unknown counts as equal), else 0."""
    sql = f"CASE WHEN {column} IS NOT DISTINCT FROM %s THEN %s::float8 ELSE 0::float8 END"
    return sql, [target, float(points)]


def _context_parts(school: School, weights: Weights) -> dict[str, tuple[str, list]]:
    """The context parts of a candidate's score against `school`, as SQL, by name."""
    size_span = max(school.pupils_on_roll or 0, 1)
    w = weights
    return {
        "phase": _equal("phase", school.phase, w.phase),
        "size": _closeness("pupils_on_roll", school.pupils_on_roll, size_span, w.size),
        # Their double precision copies: the same values, without a conversion each request.
        "fsm": _closeness("percent_fsm_float", school.percent_fsm, w.fsm_span, w.fsm),
        "sen": _closeness("percent_sen_float", school.percent_sen, w.sen_span, w.sen),
        "region": _equal("region", school.region, w.region),
    }


# What a suggestion shows of its school, read with the school's context score: (id, URN, name,
# phase, region, hub id, hub name, ids of the requested areas it offers).
_SHOWN = 8


@dataclass(frozen=True)
class _ByContext:
    """Candidates scored on context in the database, best first; name, then id, break ties.

    Written as SQL: built by the ORM (five scored annotations, their sum, an array subquery)
    the query took Django 3.3 ms a request page to build and compile. Which schools are
    offered still comes from the ORM's AreaOfExcellence.objects.offered().
    """

    offered: models.QuerySet  # areas of excellence on offer in the requested areas
    school: School
    weights: Weights
    leave_out_trust: bool

    def rows(self, limit: int | None = None, *, reach=None, counted=()) -> list[tuple]:
        """(what is shown of the school (_SHOWN values), *context parts, their sum) rows: the
        best `limit`, or with `reach` (points added, bar) every school whose sum plus the points
        reaches the bar, except those counted.
        """
        parts = _context_parts(self.school, self.weights)
        offered_sql, offered_params = self.offered.values(
            "id", "school_id", "practice_area_id"
        ).query.sql_with_params()
        params = [*offered_params]
        params += [value for _, part_params in parts.values() for value in part_params]
        params += [*offered_params, self.school.pk]
        trust = ""
        if self.leave_out_trust:
            trust = "AND school.trust_id IS DISTINCT FROM %s"
            params.append(self.school.trust_id)
        names = ", ".join(parts)
        # Added left to right, as the Python sums are (see _add_up).
        total = " + ".join(parts)
        # The offered schools as an array, not IN or EXISTS: the planner then looks each one up
        # by primary key rather than scanning all 25,000 schools (4 ms rather than 12). OFFSET 0
        # keeps the scored rows a query of their own, so each part is worked out once a school
        # rather than again inside the sum (2.3 ms of PostgreSQL rather than 2.8). Only the best
        # rows, once chosen, have their hub and offered areas looked up.
        sql = f"""
            SELECT best.pk, best.urn, best.name, best.school_phase, best.school_region,
                   hub.id, hub.name,
                   ARRAY(SELECT o.practice_area_id FROM ({offered_sql}) o
                          WHERE o.school_id = best.pk ORDER BY o.id),
                   {", ".join(f"best.{name}" for name in parts)}, best.context
              FROM (
                SELECT pk, urn, name, school_phase, school_region, hub_id,
                       {names}, {total} AS context
                  FROM (
                    SELECT school.id AS pk, school.urn, school.name, school.hub_id,
                           school.phase AS school_phase, school.region AS school_region,
                           {", ".join(f"{part} AS {name}" for name, (part, _) in parts.items())}
                      FROM {School._meta.db_table} school
                     WHERE school.id = ANY(ARRAY(SELECT o.school_id FROM ({offered_sql}) o))
                       AND school.is_open AND school.id <> %s {trust}
                    OFFSET 0
                  ) scored
        """
        if reach is not None:
            points, bar = reach
            sql += f" WHERE ({total}) + %s::float8 >= %s::float8 AND pk <> ALL(%s)"
            params += [float(points), float(bar), list(counted)]
        sql += " ORDER BY context DESC, name, pk"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        sql += f"""
              ) best
              LEFT JOIN {Hub._meta.db_table} hub ON hub.id = best.hub_id
             ORDER BY best.context DESC, best.name, best.pk
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


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


# Built by the ORM, this query took ten times the CPU of running it (3.3 ms against 0.3 ms a
# request page). "Active" is what is_active_engagement() means: accepted, with the request
# brokered or in progress; tests/brokering/test_matching.py holds the two together.
_ENGAGEMENT_FIGURES = f"""
    SELECT engagement.provider_id,
           COUNT(*) FILTER (WHERE engagement.status = %(accepted)s
                              AND request.status = ANY(%(active)s)),
           AVG(feedback.quality_rating) FILTER (WHERE engagement.status = %(accepted)s),
           COUNT(*) FILTER (WHERE engagement.request_id = %(request)s)
      FROM {Engagement._meta.db_table} engagement
      JOIN {SupportRequest._meta.db_table} request ON request.id = engagement.request_id
      LEFT JOIN {Feedback._meta.db_table} feedback ON feedback.request_id = request.id
     WHERE engagement.provider_id = ANY(%(providers)s)
     GROUP BY engagement.provider_id
"""


def _engagement_figures(provider_ids: list[int], request: SupportRequest) -> dict[int, tuple]:
    """(active engagements, past quality, already proposed) for each provider that has any."""
    params = {
        "accepted": Engagement.Status.ACCEPTED.value,
        "active": [status.value for status in ACTIVE_STATUSES],
        "request": request.pk,
        "providers": list(provider_ids),
    }
    with connection.cursor() as cursor:
        cursor.execute(_ENGAGEMENT_FIGURES, params)
        rows = cursor.fetchall()
    return {
        provider_id: (active, None if quality is None else float(quality), proposed > 0)
        for provider_id, active, quality, proposed in rows
    }


def _partial(model, **values):
    """An instance holding these fields' values, the others deferred, as .only() gives."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


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
    by_context = _ByContext(offered, school, weights, leave_out_trust)

    # Load and feedback add at most `most` points, so only schools whose context score comes
    # within that of the best totals need their engagements counted: at national scale a few
    # dozen of 1,500 candidates. The best by context come first, and at national scale they
    # have always been enough; a second round counts any others that could still make it.
    most = _most_from_engagements(weights)
    window = 5 * limit
    counted: dict[int, tuple] = {}  # pk -> its row from _ByContext.rows
    figures: dict[int, tuple] = {}
    totals: dict[int, float] = {}  # pk -> total

    def count_engagements(rows: list[tuple]) -> None:
        figures.update(_engagement_figures([row[0] for row in rows], request))
        for row in rows:
            counted[row[0]] = row
            active, quality, _ = figures.get(row[0], (0, None, False))
            engagement_parts = (_load_score(active, weights), _feedback_score(quality, weights))
            totals[row[0]] = _add_up((row[-1], *engagement_parts))

    first = by_context.rows(None if most is None else window)
    if first:
        count_engagements(first)
    if most is not None and len(first) == window:
        bar = sorted(totals.values(), reverse=True)[limit - 1]
        # A hair of slack, so rounding in the sums never drops a school that could tie. Those
        # left out score no more on context than the window's last, so none can reach the bar
        # when it cannot.
        if first[-1][-1] + most >= bar - 1e-9:
            rest = by_context.rows(reach=(most, bar - 1e-9), counted=counted)
            if rest:
                count_engagements(rest)

    # Best total first; equal totals by name, then id (a row's third value is the name).
    best = sorted(totals, key=lambda pk: (-totals[pk], counted[pk][2], pk))[:limit]
    providers = []
    for pk in best:
        _, urn, name, phase, region, hub_id, hub_name, area_ids = counted[pk][:_SHOWN]
        provider = _partial(
            School, id=pk, urn=urn, name=name, phase=phase, region=region, hub_id=hub_id
        )
        provider.hub = _partial(Hub, id=hub_id, name=hub_name) if hub_id is not None else None
        provider.matching_areas = [requested[area_id] for area_id in area_ids]
        context = counted[pk][_SHOWN:-1]
        active, quality, proposed = figures.get(pk, (0, None, False))
        provider.active_engagements = active
        provider.past_quality = quality
        provider.already_proposed = proposed
        values = [*context, _load_score(active, weights), _feedback_score(quality, weights)]
        for component, value in zip(COMPONENTS, values, strict=True):
            setattr(provider, f"score_{component}", value)
        provider.score_total = totals[pk]
        provider.score_parts = [
            (COMPONENT_LABELS[component], round(value, 1))
            for component, value in zip(COMPONENTS, values, strict=True)
        ]
        providers.append(provider)
    return providers


# What a similar-schools list shows of each school (its link, figures and region); with the
# phase, region and is_open these are the columns of the index the ranking reads.
SIMILAR_FIELDS = ("urn", "name", "pupils_on_roll", "percent_fsm", "percent_sen", "region")


def _gap(column: str, target, span: float) -> tuple[str, list]:
    """SQL for how far apart a column is from target, 0 (equal) to 1 (a span or more apart).

    An unknown figure on either side counts as far apart.
    """
    if target is None:
        return "1::float8", []
    sql = f"COALESCE(LEAST(1::float8, ABS({column}::float8 - %s::float8) / %s::float8), 1::float8)"
    return sql, [float(target), float(span)]


def similar_schools(school: School, *, limit: int = 10) -> list[School]:
    """Same phase (or type, for special and AP), close in size, % FSM and % SEN; region first.

    The school's own region is searched on its own first, and others only when it has too few:
    ranking a whole phase at once (12,000 primaries at national scale) took 25 ms a profile.
    Schools from other regions carry other_region = True.
    """
    if school.phase in (Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION) and school.establishment_type:
        alike = Q(establishment_type=school.establishment_type)
    else:
        alike = Q(phase=school.phase)
    gaps = [
        _gap("pupils_on_roll", school.pupils_on_roll, max(school.pupils_on_roll or 0, 1)),
        _gap("percent_fsm", school.percent_fsm, 20),
        _gap("percent_sen", school.percent_sen, 15),
    ]
    # The distance as SQL: built from the ORM's functions it took Django 1 ms a profile.
    distance = RawSQL(
        " + ".join(sql for sql, _ in gaps), [value for _, params in gaps for value in params]
    )
    # Only the shown columns: the index on (phase, region) carries them, so the ranking reads
    # the index alone rather than a heap page for each of a region's 1,400 primaries.
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
