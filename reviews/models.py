"""QA reviews, their framework, reviewers and teams, and areas of excellence."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from hubs.access import scope_for
from hubs.choices import Phase
from hubs.models import School
from hubs.years import (
    academic_year_end,
    academic_year_label,
    academic_year_start,
    current_academic_year,
)

# A report is due this many days after the team leaves the school.
REPORT_DUE_DAYS = 28
# Reviews are recorded from the network's first academic year, and scheduled at most this many
# academic years ahead of the current one: anything outside is a typing slip.
FIRST_REVIEW_YEAR = 1990
LAST_REVIEW_YEAR = 2100  # the database's hard stop; the rolling window below is tighter
YEARS_AHEAD = 2


def review_date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last day a review may start or end on (the window only ever widens, so a
    review saved inside it stays valid)."""
    last_year = current_academic_year(today or timezone.localdate()) + YEARS_AHEAD
    return academic_year_start(FIRST_REVIEW_YEAR), academic_year_end(last_year)


rating_validators = [
    MinValueValidator(1, "Ratings run from 1 to 10."),
    MaxValueValidator(10, "Ratings run from 1 to 10."),
]


class PracticeArea(models.Model):
    """An area of practice (maths, SEND, middle leadership …) shared by excellence and requests."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Framework(models.Model):
    """The estimate headings and grade scale in force from an academic year on."""

    name = models.CharField(max_length=100)
    effective_from_year = models.PositiveSmallIntegerField(
        unique=True, help_text="Academic year (its starting calendar year) it takes effect."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from_year"]

    def __str__(self) -> str:
        return f"{self.name} (from {academic_year_label(self.effective_from_year)})"

    @classmethod
    def for_year(cls, academic_year: int) -> "Framework | None":
        return cls.objects.filter(effective_from_year__lte=academic_year).first()

    @property
    def is_frozen(self) -> bool:
        """Used by a published review: its name, headings and grades stay as published."""
        return bool(self.pk) and self.reviews.filter(status=Review.Status.PUBLISHED).exists()

    def clean(self):
        super().clean()
        if self.is_frozen:
            saved = Framework.objects.get(pk=self.pk)
            if (saved.name, saved.effective_from_year) != (self.name, self.effective_from_year):
                raise ValidationError(FROZEN_MESSAGE)

    @transaction.atomic
    def copy_as_new_version(self) -> "Framework":
        """A copy with the same headings and grades, in force from the year after the latest
        framework; edit it freely until a review that uses it is published."""
        latest = Framework.objects.aggregate(year=Max("effective_from_year"))["year"]
        copy = Framework.objects.create(
            name=f"{self.name} (new version)", effective_from_year=latest + 1
        )
        EstimateHeading.objects.bulk_create(
            EstimateHeading(framework=copy, position=h.position, title=h.title)
            for h in self.headings.all()
        )
        Grade.objects.bulk_create(
            Grade(framework=copy, position=g.position, label=g.label) for g in self.grades.all()
        )
        return copy


FROZEN_MESSAGE = (
    "A published review uses this framework, so it cannot change: "
    "copy it as a new version and change that."
)


def refuse_frozen_framework(item) -> None:
    """A heading or grade of a frozen framework is neither added nor changed."""
    if item.framework_id and item.framework.is_frozen:
        raise ValidationError(FROZEN_MESSAGE)


class EstimateHeading(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="headings")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "position"], name="heading_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        refuse_frozen_framework(self)


class Grade(models.Model):
    """A point on a framework's scale; position 1 is the highest."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="grades")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "position"], name="grade_position_unique")
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        super().clean()
        refuse_frozen_framework(self)


class ReviewKind(models.Model):
    """A kind of review (annual QA review, spotlight, immersion day …) and the rules its reviews
    follow. Kinds are data: a new one is added in admin and needs no code."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    needs_lead = models.BooleanField(
        "needs a lead reviewer", default=True, help_text="The team is confirmed with one lead."
    )
    min_peers = models.PositiveSmallIntegerField("fewest peer reviewers", default=2)
    max_peers = models.PositiveSmallIntegerField("most peer reviewers", default=5)
    every_heading_estimated = models.BooleanField(
        default=True,
        help_text="The report is published only with an estimate under every heading of the "
        "framework; otherwise estimates are optional.",
    )
    needs_strengths_and_ebis = models.BooleanField(
        "needs strengths and EBIs",
        default=True,
        help_text="The report is published only with a strength and an even better if.",
    )
    one_per_school_per_year = models.BooleanField(
        default=False, help_text="A school has at most one (not cancelled) each academic year."
    )
    single_day = models.BooleanField(default=False, help_text="It starts and ends on one day.")
    needs_scope = models.BooleanField(
        default=False, help_text="It names the subject, phase or topic it looks at."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_peers__lte=models.F("max_peers")),
                name="review_kind_peers_range",
                violation_error_message="The fewest peer reviewers cannot exceed the most.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Reviews carry a copy of this rule so the database itself holds one per school a year.
        self.reviews.exclude(once_a_year=self.one_per_school_per_year).update(
            once_a_year=self.one_per_school_per_year
        )

    def clean(self):
        super().clean()
        if self.pk and self.one_per_school_per_year:
            twice = (
                Review.objects.active()
                .filter(kind=self)
                .values("school_id", "academic_year")
                .annotate(n=Count("pk"))
                .filter(n__gt=1)
                .order_by()
            )
            if twice.exists():
                raise ValidationError(
                    {
                        "one_per_school_per_year": "Some schools already have more than one of "
                        "these in a year; cancel the extra ones first."
                    }
                )

    def team_problems(self, leads: int, peers: int) -> list[str]:
        """What stops a team of this many leads and peers being confirmed (a team never has two
        leads: see TeamMember's constraint)."""
        problems = []
        if self.needs_lead and leads != 1:
            problems.append("The team needs one lead reviewer.")
        if not self.min_peers <= peers <= self.max_peers:
            if self.min_peers == self.max_peers:
                problems.append(f"The team needs {self.min_peers} peer reviewers.")
            else:
                problems.append(
                    f"The team needs {self.min_peers} to {self.max_peers} peer reviewers."
                )
        return problems


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewQuerySet":
        """Reviews the user may see (their status, dates and team; the report itself only once
        published, unless `report_readable_by` says otherwise).

        The school's contacts, its hub's manager and senior partner, the central team,
        contacts of a school the report was shared with, and the reviewers on its team.
        """
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        if not (scope.hub_ids or scope.contact_school_ids or is_reviewer(user)):
            return self.none()
        # Subqueries rather than joins on shares and teams, so no DISTINCT over big lists.
        shared = ReportShare.objects.filter(school_id__in=scope.contact_school_ids)
        return self.filter(
            Q(school__hub_id__in=scope.hub_ids)
            | Q(school_id__in=scope.contact_school_ids)
            | Q(pk__in=shared.values("review_id"))
            | Q(pk__in=_team_review_ids(user))
        )

    def report_readable_by(self, user) -> "ReviewQuerySet":
        """Reviews whose report (estimates, evidence, strengths, EBIs, the team's decision on
        the area of excellence) the user may read: the central team always, the review team
        always, everyone else who sees the review only once it is published."""
        if scope_for(user).whole_network:
            return self.all()
        return self.visible_to(user).filter(
            Q(status=Review.Status.PUBLISHED) | Q(pk__in=_team_review_ids(user))
        )

    def published_before(self, school, starts_on) -> "ReviewQuerySet":
        """The school's published reviews that started before `starts_on`, latest first: the
        first is the review before (the one whose EBIs the next review follows up).

        Takes values or OuterRef()s, so the same lookup serves one review and a correlated
        subquery over many (reviews.impact)."""
        return self.filter(
            school_id=school, status=Review.Status.PUBLISHED, starts_on__lt=starts_on
        ).order_by("-starts_on", "-pk")

    def on_team_of(self, user) -> "ReviewQuerySet":
        """The reviews whose team the user is on."""
        return self.filter(pk__in=_team_review_ids(user))

    def for_table(self) -> "ReviewQuerySet":
        return self.select_related("school__hub", "kind")

    def active(self) -> "ReviewQuerySet":
        return self.exclude(status=Review.Status.CANCELLED)

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date) -> "ReviewQuerySet":
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)

    def overdue(self, today: datetime.date | None = None) -> "ReviewQuerySet":
        """On site or being written, and the report is past due."""
        today = today or datetime.date.today()
        return self.filter(
            status__in=Review.REPORT_OPEN,
            ends_on__lt=today - datetime.timedelta(days=REPORT_DUE_DAYS),
        )


class Review(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        TEAM_CONFIRMED = "team_confirmed", "Team confirmed"
        ON_SITE = "on_site", "On site"
        REPORT_DRAFTED = "report_drafted", "Report drafted"
        SUBMITTED = "submitted", "Submitted for QA"
        RETURNED = "returned", "Returned to the lead"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="reviews")
    kind = models.ForeignKey(ReviewKind, on_delete=models.PROTECT, related_name="reviews")
    # The kind's one_per_school_per_year, copied on save (and by ReviewKind.save) so that a
    # unique constraint, not only clean(), keeps a school to one such review a year.
    once_a_year = models.BooleanField(default=False, editable=False)
    spotlight_scope = models.CharField(
        max_length=200, blank=True, help_text="For a spotlight review: the subject, phase or topic."
    )
    academic_year = models.PositiveSmallIntegerField(db_index=True)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="reviews")
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    what_went_well_summary = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    # Bumped on every change through the app, so two people editing at once cannot overwrite.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        indexes = [
            models.Index(fields=["status", "starts_on"]),
            models.Index(fields=["school", "academic_year"]),
            # The reviews list's default order: newest first, a page at a time.
            models.Index(fields=["starts_on"], name="review_by_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="review_ends_after_start",
                violation_error_message="A review cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(academic_year__gte=FIRST_REVIEW_YEAR)
                & Q(academic_year__lte=LAST_REVIEW_YEAR),
                name="review_year_in_range",
                violation_error_message="A review's academic year is out of range.",
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                condition=Q(once_a_year=True) & ~Q(status="cancelled"),
                name="review_once_a_year_per_school",
                violation_error_message="This school already has a review of this kind that year.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.school.name}, {self.academic_year_label}"

    def save(self, *args, **kwargs):
        self.once_a_year = self.kind.one_per_school_per_year
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", kwargs={"pk": self.pk})

    def get_kind_display(self) -> str:
        """The kind's name, under the name templates and emails used when kinds were choices."""
        return self.kind.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so clean() can check a status change against the transition table.
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def report_due_on(self) -> datetime.date:
        return self.ends_on + datetime.timedelta(days=REPORT_DUE_DAYS)

    @property
    def is_overdue(self) -> bool:
        return self.report_overdue_on(datetime.date.today())

    def report_overdue_on(self, day: datetime.date) -> bool:
        """On site or drafted, and the report was due before `day` (as ReviewQuerySet.overdue)."""
        return self.report_is_open and self.report_due_on < day

    @property
    def team_is_open(self) -> bool:
        """The team can change until the reviewers arrive."""
        return self.status in (self.Status.PLANNED, self.Status.TEAM_CONFIRMED)

    @property
    def report_is_open(self) -> bool:
        """Estimates, evidence, strengths and EBIs are recorded on site, while drafting and
        when the central team has returned the report to its lead."""
        return self.status in self.REPORT_OPEN

    @property
    def self_evaluation_is_open(self) -> bool:
        """The school evaluates itself before the team arrives."""
        return self.status in (self.Status.PLANNED, self.Status.TEAM_CONFIRMED)

    def allowed_transitions(self) -> list["Review.Status"]:
        return [status for status in self.Status if status in TRANSITIONS.get(self.status, ())]

    def clean(self):
        super().clean()
        if self.kind_id:
            # Before the constraints are validated, which read it.
            self.once_a_year = self.kind.one_per_school_per_year
        errors = {}
        if self.starts_on and self.ends_on:
            earliest, latest = review_date_window()
            for name in ("starts_on", "ends_on"):
                if not earliest <= getattr(self, name) <= latest:
                    errors[name] = (
                        f"Reviews fall between {earliest:%-d %B %Y} and {latest:%-d %B %Y}."
                    )
            if errors:
                raise ValidationError(errors)
        if self.starts_on and self.ends_on and self.academic_year is not None:
            first = academic_year_start(self.academic_year)
            last = academic_year_end(self.academic_year)
            for name in ("starts_on", "ends_on"):
                day = getattr(self, name)
                if not first <= day <= last:
                    errors[name] = (
                        f"The dates must fall inside the academic year {self.academic_year_label} "
                        f"({first:%-d %B %Y} to {last:%-d %B %Y})."
                    )
            if self.ends_on < self.starts_on:
                errors["ends_on"] = "A review cannot end before it starts."
        kind = self.kind if self.kind_id else None
        if kind and kind.needs_scope and not self.spotlight_scope.strip():
            errors["spotlight_scope"] = (
                f"Say which subject, phase or topic the {kind.name.lower()} is on."
            )
        if kind and kind.single_day and self.starts_on and self.starts_on != self.ends_on:
            errors["ends_on"] = f"{kind.name}: it starts and ends on the same day."
        if (
            self.framework_id
            and self.academic_year is not None
            and self.framework.effective_from_year > self.academic_year
        ):
            errors["framework"] = f"{self.framework} was not in force that year."
        if errors:
            raise ValidationError(errors)
        previous = getattr(self, "_loaded_status", None)
        if self.pk and previous and previous != self.status:
            problems = transition_problems(self, previous, self.status)
            if problems:
                raise ValidationError({"status": problems})

    def publication_problems(self) -> list[str]:
        """What stops this review being published, by its kind's rules: an estimate under every
        heading, a strength and an EBI."""
        problems = []
        if self.kind.every_heading_estimated:
            graded = set(self.estimates.values_list("heading_id", flat=True))
            missing = [h.title for h in self.framework.headings.all() if h.pk not in graded]
            if missing:
                problems.append("Record an estimate for every heading: " + "; ".join(missing) + ".")
        if self.kind.needs_strengths_and_ebis:
            if not self.strengths.exists():
                problems.append("Record at least one strength (what went well).")
            if not self.ebis.exists():
                problems.append("Record at least one even better if.")
        return problems

    def team_problems(self) -> list[str]:
        """What stops the team being confirmed, by its kind's rules."""
        leads = self.team.filter(role=Reviewer.Role.LEAD).count()
        peers = self.team.filter(role=Reviewer.Role.PEER).count()
        return self.kind.team_problems(leads, peers)


Review.REPORT_OPEN = (Review.Status.ON_SITE, Review.Status.REPORT_DRAFTED, Review.Status.RETURNED)
# Held: the team has been on site.
Review.HELD = (
    Review.Status.ON_SITE,
    Review.Status.REPORT_DRAFTED,
    Review.Status.SUBMITTED,
    Review.Status.RETURNED,
    Review.Status.APPROVED,
    Review.Status.PUBLISHED,
)

# The review workflow: which status may follow which. Nothing else decides it. The lead drafts
# and submits the report; the central team approves it or returns it with comments, then
# publishes it.
TRANSITIONS: dict[str, frozenset[str]] = {
    Review.Status.PLANNED: frozenset({Review.Status.TEAM_CONFIRMED, Review.Status.CANCELLED}),
    Review.Status.TEAM_CONFIRMED: frozenset(
        {Review.Status.ON_SITE, Review.Status.PLANNED, Review.Status.CANCELLED}
    ),
    Review.Status.ON_SITE: frozenset({Review.Status.REPORT_DRAFTED}),
    Review.Status.REPORT_DRAFTED: frozenset({Review.Status.SUBMITTED, Review.Status.ON_SITE}),
    Review.Status.SUBMITTED: frozenset({Review.Status.APPROVED, Review.Status.RETURNED}),
    Review.Status.RETURNED: frozenset({Review.Status.SUBMITTED}),
    Review.Status.APPROVED: frozenset({Review.Status.PUBLISHED, Review.Status.RETURNED}),
    Review.Status.PUBLISHED: frozenset(),
    Review.Status.CANCELLED: frozenset({Review.Status.PLANNED}),
}


def transition_problems(review: Review, from_status: str, to_status: str) -> list[str]:
    """Why a review may not move between two statuses (empty when it may)."""
    if to_status not in TRANSITIONS.get(from_status, ()):
        return [
            f"A review cannot go from {Review.Status(from_status).label.lower()} "
            f"to {Review.Status(to_status).label.lower()}."
        ]
    today = timezone.localdate()
    if to_status == Review.Status.TEAM_CONFIRMED:
        return review.team_problems()
    if to_status == Review.Status.ON_SITE and today < review.starts_on:
        return [
            f"The review starts on {review.starts_on:%-d %B %Y}; it can be on site from that day."
        ]
    if to_status in (Review.Status.SUBMITTED, Review.Status.APPROVED, Review.Status.PUBLISHED):
        problems = []
        if today <= review.ends_on:
            action = {
                Review.Status.SUBMITTED: "submitted",
                Review.Status.APPROVED: "approved",
                Review.Status.PUBLISHED: "published",
            }[to_status]
            problems.append(
                f"The visit ends on {review.ends_on:%-d %B %Y}; "
                f"the report can be {action} from the day after."
            )
        return problems + review.publication_problems()
    return []


class ReviewStatusChange(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Review.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Review.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.from_status or 'new'} → {self.to_status}"


class ReviewerQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewerQuerySet":
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(school__hub_id__in=scope.hub_ids)

    def with_record(self) -> "ReviewerQuerySet":
        """Annotate reviews done (published) and the last one's start date, in the same query.

        Correlated subqueries rather than a join and GROUP BY, so a page of 50 reviewers counts
        only their own placements.
        """
        done = TeamMember.objects.filter(
            reviewer=OuterRef("pk"), review__status=Review.Status.PUBLISHED
        ).order_by()
        return self.annotate(
            reviews_done=Coalesce(
                Subquery(done.values("reviewer").annotate(n=Count("pk")).values("n")), 0
            ),
            last_review_on=Subquery(
                done.values("reviewer").annotate(d=Max("review__starts_on")).values("d")
            ),
        )

    def for_table(self) -> "ReviewerQuerySet":
        return self.select_related("user", "school__hub").with_record()

    def lapsed(self, on: datetime.date | None = None) -> "ReviewerQuerySet":
        return self.filter(refresher_due_on__lt=on or timezone.localdate())

    def training_current(self, on: datetime.date | None = None) -> "ReviewerQuerySet":
        """No refresher overdue on the day (no due date recorded counts as current)."""
        on = on or timezone.localdate()
        return self.filter(Q(refresher_due_on__isnull=True) | Q(refresher_due_on__gte=on))

    def available(self, starts_on: datetime.date, ends_on: datetime.date) -> "ReviewerQuerySet":
        """Not marked unavailable on any day between the two dates."""
        away = Unavailability.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        return self.exclude(pk__in=away.values("reviewer_id"))


class Reviewer(models.Model):
    """A headteacher or senior leader of a partner school, trained to review."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead reviewer"
        PEER = "peer", "Peer reviewer"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer"
    )
    # Empty for an independent reviewer, who has no school (nor trust, nor hub) of their own.
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="reviewers"
    )
    # A lead reviewer is the one accredited to lead a team.
    role = models.CharField("accreditation", max_length=10, choices=Role.choices, default=Role.PEER)
    trained_on = models.DateField("initial training", null=True, blank=True)
    refresher_due_on = models.DateField(
        "refresher training due",
        null=True,
        blank=True,
        help_text="Training lapses once this day has passed without a refresher.",
    )
    ofsted_experienced = models.BooleanField("Ofsted-experienced", default=False)
    phases = ArrayField(
        models.CharField(max_length=20, choices=Phase.choices), default=list, blank=True
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()
    objects = ReviewerQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        indexes = [models.Index(fields=["refresher_due_on"], name="reviewer_refresher_due")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_independent(self) -> bool:
        return self.school_id is None

    @property
    def accredited_to_lead(self) -> bool:
        return self.role == self.Role.LEAD

    def training_lapsed_on(self, day: datetime.date) -> bool:
        """The refresher was due before `day` (as ReviewerQuerySet.training_current)."""
        return self.refresher_due_on is not None and self.refresher_due_on < day

    @property
    def training_lapsed(self) -> bool:
        return self.training_lapsed_on(timezone.localdate())


class TeamMember(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="team")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="placements")
    role = models.CharField(max_length=10, choices=Reviewer.Role.choices)
    conflict_override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_conflicts = models.CharField(
        max_length=300, blank=True, help_text="The conflicts the central team overrode."
    )
    # The review's academic year, copied so "reviews this year" counts from one index.
    academic_year = models.PositiveSmallIntegerField(null=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["reviewer", "academic_year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reviewer"],
                name="team_member_unique",
                violation_error_message="This reviewer is already on the team.",
            ),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(role="lead"),
                name="team_one_lead",
                violation_error_message="The team already has a lead reviewer.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on review {self.review_id}"

    def save(self, *args, **kwargs):
        self.academic_year = self.review.academic_year
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not (self.review_id and self.reviewer_id):
            return
        if self.role == Reviewer.Role.LEAD and self.reviewer.role != Reviewer.Role.LEAD:
            raise ValidationError({"role": "Only a trained lead reviewer can lead the team."})
        if self.role == Reviewer.Role.PEER:
            most = self.review.kind.max_peers
            peers = self.review.team.filter(role=Reviewer.Role.PEER).exclude(pk=self.pk)
            if peers.count() >= most:
                raise ValidationError(f"A team has at most {most} peer reviewers.")
        conflicts = conflicts_for(self.reviewer, self.review)
        if conflicts.blocking:
            raise ValidationError(conflicts.blocking)
        if conflicts.overridable and not self.conflict_override_reason.strip():
            raise ValidationError(
                {
                    "conflict_override_reason": [
                        *conflicts.overridable,
                        "Only the central team can override this, with a written reason.",
                    ]
                }
            )
        self.overridden_conflicts = "; ".join(conflicts.overridable)[:300]


@dataclass(frozen=True)
class Conflicts:
    blocking: list[str]
    overridable: list[str]

    @property
    def any(self) -> bool:
        return bool(self.blocking or self.overridable)


def conflicts_for(reviewer: Reviewer, review: Review) -> Conflicts:
    """Conflicts of interest between a reviewer and a review, in the words the page shows.

    Own school, own trust and being on another review over the same dates are never allowed;
    the same hub, or reviewing the same school the year before, need a central-team override.
    """
    blocking, overridable = [], []
    school, theirs = review.school, reviewer.school  # theirs is None for an independent
    if not reviewer.is_active:
        blocking.append(f"{reviewer.user} is no longer an active reviewer.")
    if theirs is None:
        pass
    elif theirs.pk == school.pk:
        blocking.append(f"{reviewer.user} cannot review their own school.")
    elif theirs.trust_id and theirs.trust_id == school.trust_id:
        blocking.append(f"{reviewer.user} cannot review a school of their own trust.")
    away = (
        reviewer.unavailable_dates.filter(
            starts_on__lte=review.ends_on, ends_on__gte=review.starts_on
        )
        .order_by("starts_on")
        .first()
    )
    if away:
        blocking.append(
            f"{reviewer.user} is unavailable from {away.starts_on:%-d %b} to "
            f"{away.ends_on:%-d %b %Y}."
        )
    busy = (
        Review.objects.active()
        .overlapping(review.starts_on, review.ends_on)
        .filter(team__reviewer=reviewer)
        .exclude(pk=review.pk)
        .first()
    )
    if busy:
        blocking.append(
            f"{reviewer.user} is already on a review over these dates "
            f"({busy.school.name}, {busy.starts_on:%-d %b} to {busy.ends_on:%-d %b %Y})."
        )
    if theirs is not None and theirs.hub_id and theirs.hub_id == school.hub_id:
        overridable.append(f"{reviewer.user} is from the same hub.")
    if reviewer.training_lapsed_on(review.starts_on):
        overridable.append(
            f"{reviewer.user}'s refresher training was due on "
            f"{reviewer.refresher_due_on:%-d %B %Y}, before the review starts."
        )
    reviewed_last_year = TeamMember.objects.filter(
        reviewer=reviewer,
        review__school_id=school.pk,
        review__academic_year=review.academic_year - 1,
    ).exclude(review__status=Review.Status.CANCELLED)
    if reviewed_last_year.exists():
        overridable.append(f"{reviewer.user} reviewed this school the year before.")
    return Conflicts(blocking, overridable)


class Estimate(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="estimates")
    heading = models.ForeignKey(EstimateHeading, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="estimates")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "heading"],
                name="estimate_one_per_heading",
                violation_error_message="This heading already has an estimate.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.heading}: {self.grade}"

    def clean(self):
        super().clean()
        if not (self.review_id and self.heading_id and self.grade_id):
            return
        framework_id = self.review.framework_id
        if self.heading.framework_id != framework_id:
            raise ValidationError({"heading": "This heading is not in the review's framework."})
        if self.grade.framework_id != framework_id:
            raise ValidationError({"grade": "This grade is not on the review's framework scale."})


class Strength(models.Model):
    """A point of what went well."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="strengths")
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class EvenBetterIf(models.Model):
    """An even-better-if point the school carries into its improvement plan."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ebis")
    text = models.TextField()
    practice_area = models.ForeignKey(
        PracticeArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = "even better if"
        verbose_name_plural = "even better ifs"

    def __str__(self) -> str:
        return self.text


class AreaOfExcellenceQuerySet(models.QuerySet):
    def offered(self, on: datetime.date | None = None) -> "AreaOfExcellenceQuerySet":
        """Verified and unexpired: the only areas brokering offers."""
        on = on or datetime.date.today()
        return self.filter(status=AreaOfExcellence.Status.VERIFIED, expires_on__gt=on)

    def visible_to(self, user) -> "AreaOfExcellenceQuerySet":
        """Areas on the reports the user may read, and any the school holds now."""
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(
            Q(school__hub_id__in=scope.hub_ids) | Q(school_id__in=scope.contact_school_ids)
        )


class AreaOfExcellence(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", "Nominated"
        VERIFIED = "verified", "Verified"
        NOT_VERIFIED = "not_verified", "Not verified"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="areas_of_excellence")
    practice_area = models.ForeignKey(PracticeArea, on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOMINATED)
    review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="areas_of_excellence",
        help_text="The review at which it was nominated and verified (or not).",
    )
    verified_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    objects = AreaOfExcellenceQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "areas of excellence"
        indexes = [
            # With the school in it, brokering finds the schools offering an area from the
            # index alone: 1,500 at national scale, on as many heap pages without it.
            models.Index(
                fields=["practice_area", "status", "expires_on"],
                include=["school"],
                name="area_offered_by_school",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(review__isnull=False),
                name="area_of_excellence_one_per_review",
                violation_error_message="The school has already nominated an area at this review.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_area} at {self.school.name}"

    def clean(self):
        super().clean()
        if self.review_id and self.school_id and self.review.school_id != self.school_id:
            raise ValidationError({"review": "The review must be of the same school."})
        if self.status == self.Status.VERIFIED and not (self.verified_on and self.expires_on):
            raise ValidationError(
                {"verified_on": "A verified area needs the date it was verified and its expiry."}
            )
        if self.verified_on and self.expires_on and self.expires_on <= self.verified_on:
            raise ValidationError({"expires_on": "An area expires after it was verified."})

    @property
    def is_nominated(self) -> bool:
        return self.status == self.Status.NOMINATED

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or datetime.date.today()
        return self.is_verified and self.expires_on is not None and self.expires_on > on


class ReportShare(models.Model):
    """The school shared its report with another named school."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="shares")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "school"], name="report_share_unique")
        ]

    def __str__(self) -> str:
        return f"Review {self.review_id} shared with {self.school}"

    def clean(self):
        super().clean()
        if self.review_id and self.school_id and self.review.school_id == self.school_id:
            raise ValidationError({"school": "A report is already visible to its own school."})


class HeadteacherFeedback(models.Model):
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="feedback")
    impact_rating = models.PositiveSmallIntegerField(
        "impact on the school improvement plan", validators=rating_validators
    )
    development_rating = models.PositiveSmallIntegerField(
        "value as development for the reviewing staff", validators=rating_validators
    )
    comment = models.TextField(blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(impact_rating__gte=1, impact_rating__lte=10)
                & Q(development_rating__gte=1, development_rating__lte=10),
                name="feedback_ratings_1_10",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on review {self.review_id}"

    def clean(self):
        super().clean()
        if self.review_id and self.review.status != Review.Status.PUBLISHED:
            raise ValidationError("Feedback can be given once the report is published.")


# Reviewers as users, the review up to publication: self-evaluation, evidence, emails sent.


def _team_review_ids(user):
    """A subquery of the reviews whose team the user is on (as a reviewer)."""
    return TeamMember.objects.filter(reviewer__user_id=user.pk).values("review_id")


def is_reviewer(user) -> bool:
    """The user has a reviewer record (looked up once per user object, like the scope)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_is_reviewer", None)
    if cached is None:
        cached = user._is_reviewer = Reviewer.objects.filter(user_id=user.pk).exists()
    return cached


class SelfEvaluation(models.Model):
    """The school's own view before the review: the focus it asks the team to look at, and its
    estimate under each heading of the review's framework (SelfEstimate)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="self_evaluation")
    focus = models.TextField("the focus the school wants the team to look at", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Self-evaluation for review {self.review_id}"


class SelfEstimate(models.Model):
    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="estimates"
    )
    heading = models.ForeignKey(EstimateHeading, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "heading"],
                name="self_estimate_one_per_heading",
                violation_error_message="This heading already has the school's estimate.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.heading}: {self.grade} (the school's own)"

    def clean(self):
        super().clean()
        if not (self.evaluation_id and self.heading_id and self.grade_id):
            return
        framework_id = self.evaluation.review.framework_id
        if self.heading.framework_id != framework_id:
            raise ValidationError({"heading": "This heading is not in the review's framework."})
        if self.grade.framework_id != framework_id:
            raise ValidationError({"grade": "This grade is not on the review's framework scale."})


class EvidenceNote(models.Model):
    """What a reviewer saw, under one heading, while the report is being written."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence_notes")
    heading = models.ForeignKey(EstimateHeading, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    written_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "id"]
        indexes = [models.Index(fields=["review", "heading"], name="evidence_by_review")]

    def __str__(self) -> str:
        return f"Evidence on {self.heading} (review {self.review_id})"

    def clean(self):
        super().clean()
        if (
            self.review_id
            and self.heading_id
            and self.heading.framework_id != self.review.framework_id
        ):
            raise ValidationError({"heading": "This heading is not in the review's framework."})
        if not self.text.strip():
            raise ValidationError({"text": "Write the evidence."})


class ReviewEmail(models.Model):
    """An email sent about a review, kept so that one sent once is never sent again."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder before the review"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="emails_sent")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="review_email_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for review {self.review_id}"


# The reviewer register's records, and what happens after a review is published.


class Unavailability(models.Model):
    """Days a reviewer cannot review: they are not suggested, nor placed, over them."""

    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.CASCADE, related_name="unavailable_dates"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "unavailable dates"
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="unavailable_by_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="unavailable_ends_after_start",
                violation_error_message="Unavailable dates cannot end before they start.",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.reviewer.user} unavailable "
            f"{date_format(self.starts_on)} to {date_format(self.ends_on)}"
        )


class ReviewerFeedbackQuerySet(models.QuerySet):
    def for_reviewer(self, reviewer) -> "ReviewerFeedbackQuerySet":
        return self.filter(reviewer=reviewer).select_related("review__school", "given_by")


class ReviewerFeedback(models.Model):
    """How a reviewer did on one review, rated by its lead reviewer or the school's headteacher."""

    class GivenAs(models.TextChoices):
        LEAD = "lead", "Lead reviewer"
        HEADTEACHER = "headteacher", "Headteacher"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reviewer_feedback")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="feedback")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_as = models.CharField("role of the giver", max_length=20, choices=GivenAs.choices)
    # No default: the form starts empty and a rating must be chosen.
    rating = models.PositiveSmallIntegerField(validators=rating_validators)
    comment = models.TextField(blank=True)
    given_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = ReviewerFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["review", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "review", "given_as"],
                name="reviewer_feedback_once_per_giver",
                violation_error_message="This reviewer already has this feedback on the review.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=10), name="reviewer_feedback_rating_1_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_given_as_display()} on {self.reviewer.user}, review {self.review_id}"

    def clean(self):
        super().clean()
        if not (self.review_id and self.reviewer_id):
            return
        if self.review.status not in Review.HELD:
            raise ValidationError("Reviewers are rated once the team has been on site.")
        placement = self.review.team.filter(reviewer_id=self.reviewer_id).first()
        if placement is None:
            raise ValidationError({"reviewer": "This reviewer was not on the team."})
        if self.given_as == self.GivenAs.LEAD and placement.role == Reviewer.Role.LEAD:
            raise ValidationError({"reviewer": "The lead reviewer rates the peers, not themself."})


class ImprovementAction(models.Model):
    """One action the school takes on an EBI of a published report."""

    class Rag(models.TextChoices):
        RED = "red", "Red: not started or off track"
        AMBER = "amber", "Amber: under way"
        GREEN = "green", "Green: done or on track"

    ebi = models.ForeignKey(EvenBetterIf, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("action")
    owner = models.CharField(max_length=200, help_text="Who in the school sees it through.")
    due_on = models.DateField("due")
    rag = models.CharField("RAG status", max_length=10, choices=Rag.choices, default=Rag.RED)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped on every change through the app, so two people editing at once cannot overwrite.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["ebi", "due_on"], name="action_by_ebi_due")]

    def __str__(self) -> str:
        return self.text

    @property
    def rag_short(self) -> str:
        return self.rag.capitalize()

    def clean(self):
        super().clean()
        if self.ebi_id and not self.ebi.review.is_published:
            raise ValidationError("Actions are planned once the report is published.")


class EbiOutcome(models.Model):
    """What the next review found of an EBI the previous review left."""

    class Outcome(models.TextChoices):
        ADDRESSED = "addressed", "Addressed"
        PARTLY = "partly", "Partly addressed"
        NOT_YET = "not_yet", "Not yet addressed"

    ebi = models.OneToOneField(EvenBetterIf, on_delete=models.CASCADE, related_name="outcome")
    review = models.ForeignKey(
        Review,
        on_delete=models.CASCADE,
        related_name="ebi_outcomes",
        help_text="The later review that recorded it.",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["review", "outcome"], name="ebi_outcome_by_review")]

    def __str__(self) -> str:
        return f"{self.ebi}: {self.get_outcome_display()}"

    def clean(self):
        super().clean()
        if not (self.ebi_id and self.review_id):
            return
        earlier = self.ebi.review
        if earlier.school_id != self.review.school_id or earlier.starts_on >= self.review.starts_on:
            raise ValidationError("An EBI's outcome is recorded by a later review of its school.")
