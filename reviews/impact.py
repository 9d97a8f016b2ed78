"""What a school's reviews changed: the share of EBIs addressed by the next review, and how the
estimates moved under each heading between consecutive reviews.

A review's "previous" review is the school's latest published review that started before it
(the one whose EBIs it follows up). Estimates are compared only under the very same heading of
the same framework: a heading of another framework version is a different heading, so reviews
graded under different versions are never set side by side. Grade position 1 is the best, so a
smaller position is a move up.

Four queries whatever the number of reviews: the pairs, the EBIs' outcomes, and the two
reviews' estimates.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Subquery

from reviews.models import EbiOutcome, Estimate, EvenBetterIf, Review

OUTCOMES = [*EbiOutcome.Outcome.values, None]


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def previous_review_id(school_ref: str = "school_id", start_ref: str = "starts_on") -> Subquery:
    """The id of the school's published review before the outer one (a correlated subquery)."""
    earlier = Review.objects.published_before(OuterRef(school_ref), OuterRef(start_ref))
    return Subquery(earlier.values("pk")[:1])


def consecutive_impact(later_reviews, *, by_review: bool = False) -> dict:
    """Impact figures over `later_reviews` (a queryset of published reviews), each set against
    the review before it. With by_review, also the figures of each later review on its own."""
    later = (
        later_reviews.filter(status=Review.Status.PUBLISHED)
        .annotate(previous_id=previous_review_id())
        .filter(previous_id__isnull=False)
        .order_by()
    )
    pairs = {
        row["pk"]: row
        for row in later.values("pk", "previous_id", "academic_year", "starts_on", "kind")
    }
    later_by_previous = {row["previous_id"]: pk for pk, row in pairs.items()}

    # The previous reviews' EBIs, by what the next review found (None: not recorded).
    ebi_counts: dict[int, dict] = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    if pairs:
        for previous_id, outcome, n in (
            EvenBetterIf.objects.filter(review_id__in=list(later_by_previous))
            .values_list("review_id", "outcome__outcome")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            ebi_counts[later_by_previous[previous_id]][outcome] += n

    # Each later estimate beside the previous review's under the same heading: both reviews'
    # estimates read once each and matched here (a lookup per estimate took seconds nationally).
    moves = []
    if pairs:
        previous_grades = {
            (review_id, heading_id): (position, label)
            for review_id, heading_id, position, label in Estimate.objects.filter(
                review_id__in=list(later_by_previous)
            ).values_list("review_id", "heading_id", "grade__position", "grade__label")
        }
        for estimate in (
            Estimate.objects.filter(review_id__in=list(pairs))
            .values(
                "review_id",
                "heading_id",
                "heading__framework__name",
                "heading__framework__effective_from_year",
                "heading__position",
                "heading__title",
                "grade__position",
                "grade__label",
            )
            .order_by("heading__framework__effective_from_year", "heading__position")
        ):
            previous_id = pairs[estimate["review_id"]]["previous_id"]
            previous = previous_grades.get((previous_id, estimate["heading_id"]))
            if previous is not None and previous[0] is not None:
                estimate["previous_position"], estimate["previous_label"] = previous
                moves.append(estimate)

    totals = dict.fromkeys(OUTCOMES, 0)
    for counts in ebi_counts.values():
        for outcome, n in counts.items():
            totals[outcome] += n
    figures = {
        "pairs": len(pairs),
        "ebis": _ebi_row(totals),
        "headings": _heading_rows(moves),
    }
    if by_review:
        moves_of: dict[int, list] = defaultdict(list)
        for move in moves:
            moves_of[move["review_id"]].append(move)
        figures["reviews"] = [
            {
                **row,
                "ebis": _ebi_row(ebi_counts[pk]),
                "moves": [_move_row(move) for move in moves_of[pk]],
            }
            for pk, row in sorted(pairs.items(), key=lambda item: item[1]["starts_on"])
        ]
    return figures


def _ebi_row(counts: dict) -> dict:
    total = sum(counts.values())
    return {
        "total": total,
        "addressed": counts[EbiOutcome.Outcome.ADDRESSED],
        "partly": counts[EbiOutcome.Outcome.PARTLY],
        "not_yet": counts[EbiOutcome.Outcome.NOT_YET],
        "not_recorded": counts[None],
        "percent_addressed": share(counts[EbiOutcome.Outcome.ADDRESSED], total),
    }


def _direction(move: dict) -> str:
    if move["grade__position"] < move["previous_position"]:
        return "up"
    if move["grade__position"] > move["previous_position"]:
        return "down"
    return "same"


def _move_row(move: dict) -> dict:
    return {
        "framework": move["heading__framework__name"],
        "heading": move["heading__title"],
        "before": move["previous_label"],
        "after": move["grade__label"],
        "direction": _direction(move),
    }


def _heading_rows(moves: list[dict]) -> list[dict]:
    """Per heading (of one framework version): how many estimates moved up, stayed, moved down."""
    rows: dict[tuple, dict] = {}
    for move in moves:
        key = (move["heading__framework__effective_from_year"], move["heading__position"])
        row = rows.setdefault(
            key,
            {
                "framework": move["heading__framework__name"],
                "from_year": move["heading__framework__effective_from_year"],
                "heading": move["heading__title"],
                "up": 0,
                "same": 0,
                "down": 0,
            },
        )
        row[_direction(move)] += 1
    for row in rows.values():
        compared = row["up"] + row["same"] + row["down"]
        row["compared"] = compared
        row["percent_up"] = share(row["up"], compared)
    return list(rows.values())
