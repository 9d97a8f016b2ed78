"""What this app adds to pages: the dashboard, the navigation and the school profile."""

import datetime

from django.db.models import F, Q
from django.urls import reverse

from hubs.access import scope_for
from hubs.years import academic_year_label
from partnership.lib.digest import DigestBatch, absolute_url, first
from partnership.lib.sections import Page, section
from reviews import dashboard
from reviews.impact import consecutive_impact, share
from reviews.models import (
    AreaOfExcellence,
    Estimate,
    EstimateHeading,
    Framework,
    HeadteacherFeedback,
    ReportShare,
    Review,
    Reviewer,
    ReviewStatusChange,
    TeamMember,
)
from reviews.permissions import (
    may_manage_reviews,
    may_read_school_reviews,
    may_see_my_reviews,
    may_see_reviews,
)

# How many of a reviewer's open reviews their dashboard lists ("My reviews" has them all).
REVIEWER_PANEL_ROWS = 5


@section(Page.NAVIGATION)
def navigation(user, _) -> list[tuple[str, str]]:
    items = []
    if may_see_reviews(user):
        items.append(("Reviews", "reviews:list"))
    if may_see_my_reviews(user):
        items.append(("My reviews", "reviews:mine"))
    if may_manage_reviews(user):
        # The register is in the navigation of the central team, who keep it; hub staff may
        # open their hub's part of it too.
        items.append(("Reviewers", "reviews:reviewers"))
    return items


@section(Page.DASHBOARD)
def dashboard_panels(user, _) -> list[tuple[str, dict]]:
    return dashboard.panels(user)


@section(Page.DASHBOARD)
def reviewer_panel(user, _) -> list[tuple[str, dict]]:
    """A reviewer's reviews still to come or being written, soonest first."""
    if not may_see_my_reviews(user):
        return []
    reviews = list(
        Review.objects.on_team_of(user)
        .exclude(status__in=[Review.Status.PUBLISHED, Review.Status.CANCELLED])
        .select_related("school", "kind")
        .order_by("starts_on", "pk")[:REVIEWER_PANEL_ROWS]
    )
    return [("reviews/panels/reviewer.html", {"reviews": reviews})]


@section(Page.SCHOOL_PROFILE)
def review_history(user, school) -> list[tuple[str, dict]]:
    """The school's reviews year by year, estimates per heading, and its areas of excellence.

    Each framework gets its own table, so an old review keeps the headings it was graded under
    and grades from different frameworks never share a column.
    """
    reads_all = may_read_school_reviews(user, school)
    reviews = (
        Review.objects.filter(school=school)
        if reads_all
        else (Review.objects.visible_to(user).filter(school=school))
    )
    # Only what the tables show, and the estimates and headings as plain values: model
    # instances and prefetches for a few dozen cells cost more CPU than the cells themselves.
    reviews = list(
        reviews.exclude(status=Review.Status.CANCELLED)
        .select_related("kind")
        .only("school_id", "framework_id", "academic_year", "kind__name", "status")
        .order_by("-academic_year", "-starts_on")
    )
    if not reads_all and not reviews:
        return []
    grades: dict[int, dict[int, str]] = {review.pk: {} for review in reviews}
    # Estimates are the report's: before publication only the central team reads them here.
    reported = reviews if may_manage_reviews(user) else [r for r in reviews if r.is_published]
    for review_id, heading_id, label in Estimate.objects.filter(review__in=reported).values_list(
        "review_id", "heading_id", "grade__label"
    ):
        grades[review_id][heading_id] = label
    frameworks = Framework.objects.filter(pk__in={review.framework_id for review in reviews})
    headings: dict[int, list[tuple[int, str]]] = {}
    for framework_id, heading_id, title in (
        EstimateHeading.objects.filter(framework__in=frameworks)
        .order_by("position")
        .values_list("framework_id", "pk", "title")
    ):
        headings.setdefault(framework_id, []).append((heading_id, title))
    tables = []
    for framework in frameworks:  # the latest framework first (its ordering)
        shown = headings.get(framework.pk, [])
        rows = [
            (review, [grades[review.pk].get(heading_id) for heading_id, _ in shown])
            for review in reviews
            if review.framework_id == framework.pk
        ]
        tables.append(
            {"framework": framework, "headings": [title for _, title in shown], "rows": rows}
        )
    areas = []
    if reads_all:
        areas = list(
            AreaOfExcellence.objects.filter(school=school)
            .select_related("practice_area", "review")
            .only(
                "status", "expires_on", "school_id", "practice_area__name", "review__academic_year"
            )
            .order_by("-verified_on", "-pk")
        )
    context = {
        "review_tables": tables,
        "areas": areas,
        "school": school,
        # The central team schedules reviews: the form opens with this school filled in.
        "may_schedule": may_manage_reviews(user),
    }
    return [("reviews/sections/school_history.html", context)]


@section(Page.PERSONAL_DATA)
def personal_data(user, person) -> list[tuple[str, list[dict]]]:
    """The person as a reviewer, the reviews they sat on, and what they gave or decided."""
    return [
        (
            "reviewer",
            list(
                Reviewer.objects.filter(user=person).values(
                    "role", "trained_on", "phases", "is_active", school_name=F("school__name")
                )
            ),
        ),
        (
            "reviewer_history",
            list(
                Reviewer.history.filter(user_id=person.pk)
                .order_by("history_date")
                .values(
                    "role",
                    "is_active",
                    "history_type",
                    school_name=F("school__name"),
                    recorded_at=F("history_date"),
                )
            ),
        ),
        (
            "reviews_sat_on",
            list(
                TeamMember.objects.filter(reviewer__user=person)
                .order_by("review__starts_on")
                .values(
                    "role",
                    "review_id",
                    school_name=F("review__school__name"),
                    starts_on=F("review__starts_on"),
                    ends_on=F("review__ends_on"),
                )
            ),
        ),
        (
            "conflicts_overridden",
            list(
                TeamMember.objects.filter(overridden_by=person).values(
                    "review_id", "overridden_conflicts", "conflict_override_reason"
                )
            ),
        ),
        (
            "review_feedback_given",
            list(
                HeadteacherFeedback.objects.filter(given_by=person).values(
                    "review_id", "impact_rating", "development_rating", "comment", "given_at"
                )
            ),
        ),
        (
            "review_status_changes_made",
            list(
                ReviewStatusChange.objects.filter(changed_by=person)
                .order_by("changed_at")
                .values("review_id", "from_status", "to_status", "note", "changed_at")
            ),
        ),
        (
            "reports_shared",
            list(
                ReportShare.objects.filter(shared_by=person).values(
                    "review_id", "shared_at", shared_with=F("school__name")
                )
            ),
        ),
        (
            "areas_of_excellence_verified",
            list(
                AreaOfExcellence.objects.filter(verified_by=person).values(
                    "id", "status", "verified_on", school_name=F("school__name")
                )
            ),
        ),
    ]


@section(Page.ERASURE)
def erase(user, person) -> list[tuple[str, int]]:
    """A reviewer who has left is no longer suggested for teams; their placements stay."""
    reviewers = list(Reviewer.objects.filter(user=person, is_active=True))
    for reviewer in reviewers:
        reviewer.is_active = False
        reviewer._history_user = user
        reviewer.save(update_fields=["is_active"])
    return [("reviewer entries deactivated", len(reviewers))]


# A person's calendar feed shows reviews from this many days back, and at most this many.
CALENDAR_DAYS_BACK = 90
CALENDAR_MAX_REVIEWS = 200
# A digest names at most this many reviews; the rest are on the reviews page.
DIGEST_REVIEWS = 8


def _team_reviews(user):
    return Review.objects.filter(team__reviewer__user=user)


@section(Page.CALENDAR)
def calendar_items(user, _) -> list[dict]:
    """The reviews whose team the user is on, and their own school's reviews: all-day items."""
    if not user.is_authenticated:
        return []
    scope = scope_for(user)
    since = datetime.date.today() - datetime.timedelta(days=CALENDAR_DAYS_BACK)
    mine = Q(pk__in=_team_reviews(user).values("pk"))
    if scope.contact_school_ids:
        mine |= Q(school_id__in=scope.contact_school_ids)
    reviews = (
        Review.objects.active()
        .filter(mine, ends_on__gte=since)
        .select_related("school", "kind")
        .order_by("starts_on", "pk")[:CALENDAR_MAX_REVIEWS]
    )
    return [
        {
            "uid": f"review-{review.pk}@partnership",
            "summary": f"{review.get_kind_display()}: {review.school.name}",
            "start": review.starts_on,
            # All-day items end on the day after their last (RFC 5545 DTEND is exclusive).
            "end": review.ends_on + datetime.timedelta(days=1),
            "url": absolute_url(review.get_absolute_url()),
            "description": review.get_status_display(),
        }
        for review in reviews
    ]


@section(Page.EVENT_BOOKERS)
def reviewers_book_events(user, _) -> list[bool]:
    """Reviewers may book events (a user with a Reviewer record)."""
    if not user.is_authenticated:
        return []
    return [True] if Reviewer.objects.filter(user=user).exists() else []


def _review_line(review) -> tuple[str, str]:
    text = f"{review.starts_on:%a %-d %b}: {review.get_kind_display()} of {review.school.name}"
    return text, absolute_url(review.get_absolute_url())


def _upcoming(batch: DigestBatch) -> dict:
    """The next fortnight's reviews of the schools in the hubs the batch's people staff and of
    the schools they are contacts of, by hub and by school: one query for the whole batch."""
    week = batch.week
    scopes = [scope_for(user) for user in batch.users]
    hub_ids = set().union(*(scope.hub_ids for scope in scopes))
    school_ids = set().union(*(scope.contact_school_ids for scope in scopes))
    by_hub: dict[int, list] = {}
    by_school: dict[int, list] = {}
    if hub_ids or school_ids:
        reviews = (
            Review.objects.active()
            .filter(starts_on__gte=week.starts_on, starts_on__lte=week.fortnight_end)
            .filter(Q(school__hub_id__in=hub_ids) | Q(school_id__in=school_ids))
            .select_related("school", "kind")
            .only("kind__name", "starts_on", "school__name", "school__hub_id")
        )
        for review in reviews:
            by_hub.setdefault(review.school.hub_id, []).append(review)
            by_school.setdefault(review.school_id, []).append(review)
    return {"by_hub": by_hub, "by_school": by_school}


def _next_reviews(batch: DigestBatch) -> dict[int, object]:
    """Each of the batch's reviewers' next review (from the week's Monday): one query."""
    reviews = (
        Review.objects.active()
        .filter(team__reviewer__user_id__in=batch.user_ids, starts_on__gte=batch.week.starts_on)
        .annotate(member_id=F("team__reviewer__user_id"))
        .select_related("school", "kind")
        .only("kind__name", "starts_on", "school__name")
        .order_by("member_id", "starts_on", "pk")
        .distinct("member_id")
    )
    return {review.member_id: review for review in reviews}


def _soonest(review) -> tuple:
    return review.starts_on, review.pk


@section(Page.DIGEST)
def digest(user, batch: DigestBatch) -> list[tuple[str, list]]:
    """Reviews in the next fortnight (hub staff, a school's contacts), the reviewer's next
    review, and for the central team the reports awaiting quality assurance."""
    scope = scope_for(user)
    parts = []
    if scope.hub_ids or scope.contact_school_ids:
        found = batch.once("reviews upcoming", _upcoming)
        theirs = [r for hub in scope.hub_ids for r in found["by_hub"].get(hub, [])]
        theirs += [
            r for school in scope.contact_school_ids for r in found["by_school"].get(school, [])
        ]
        soonest = first(theirs, DIGEST_REVIEWS, key=_soonest)
        if lines := [batch.line(r, _review_line) for r in soonest]:
            parts.append(("Reviews in the next fortnight", lines))
    next_review = batch.once("reviews next", _next_reviews).get(user.pk)
    if next_review:
        parts.append(("Your next review", [_review_line(next_review)]))
    if scope.whole_network:
        awaiting = batch.once(
            "reviews awaiting QA",
            lambda _: Review.objects.filter(status=Review.Status.REPORT_DRAFTED).count(),
        )
        if awaiting:
            parts.append(
                (
                    "Quality assurance",
                    [
                        (
                            f"{awaiting} report{'s' if awaiting != 1 else ''} awaiting "
                            "quality assurance",
                            absolute_url(reverse("reviews:list") + "?status=report_drafted"),
                        )
                    ],
                )
            )
    return parts


# What became of the school's EBIs at each next review, and how its estimates moved.
OUTCOME_COLOURS = {
    "addressed": "#313695",
    "partly": "#74add1",
    "not_yet": "#f46d43",
    "not_recorded": "#999999",
}
OUTCOME_LABELS = {
    "addressed": "Addressed",
    "partly": "Partly addressed",
    "not_yet": "Not yet addressed",
    "not_recorded": "Not recorded",
}


@section(Page.SCHOOL_PROFILE)
def review_impact(user, school) -> list[tuple[str, dict]]:
    """The impact of the school's published reviews, each set against the one before it (for
    those who read all of its reviews)."""
    if not may_read_school_reviews(user, school):
        return []
    figures = consecutive_impact(Review.objects.filter(school=school), by_review=True)
    if not figures["pairs"]:
        return []
    pairs = figures["reviews"]
    labels = [academic_year_label(pair["academic_year"]) for pair in pairs]
    chart = {
        "id": f"chart-impact-{school.pk}",
        "type": "bar",
        "title": "What became of the previous review's EBIs (% of them)",
        "labels": labels,
        "datasets": [
            {
                "label": OUTCOME_LABELS[name],
                "colour": colour,
                "data": [
                    float(share(pair["ebis"][name], pair["ebis"]["total"]) or 0) for pair in pairs
                ],
            }
            for name, colour in OUTCOME_COLOURS.items()
        ],
        "stacked": True,
    }
    for pair, label in zip(pairs, labels, strict=True):
        pair["label"] = label
    return [("reviews/sections/school_impact.html", {"figures": figures, "chart": chart})]
