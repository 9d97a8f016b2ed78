"""Support requests, their workflow, brokered engagements and feedback."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from hubs.access import scope_for
from hubs.models import Hub, School
from reviews.models import EvenBetterIf, PracticeArea

LOWEST_RATING, HIGHEST_RATING = 1, 10
rating_validators = [
    MinValueValidator(LOWEST_RATING, "Ratings run from 1 to 10."),
    MaxValueValidator(HIGHEST_RATING, "Ratings run from 1 to 10."),
]


# How far ahead a request may be wanted by: past that it is a typing slip (9999), not a plan.
TARGET_DATE_MAX_YEARS = 2


def target_date_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last dates a request raised or edited today may be wanted by."""
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=365 * TARGET_DATE_MAX_YEARS)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday) after `start`; bank holidays not counted."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged"
    MATCHING = "matching", "Matching"
    BROKERED = "brokered", "Brokered"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Who may make a transition: the central team, the requesting side (the school's contacts, its
# hub managers, the central team), the provider side (the provider's contacts, the central team),
# or only the app itself (a request becomes brokered when a provider accepts).
CENTRAL, REQUESTER, PROVIDER, SYSTEM = "central", "requester", "provider", "system"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    by: str

    @property
    def ends_unmet(self) -> bool:
        """Declining or withdrawing ends the request without support."""
        return self.target in (Status.DECLINED, Status.WITHDRAWN)


# The whole workflow in one table.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.SUBMITTED, Status.TRIAGED, "Mark triaged", CENTRAL),
    Transition(Status.SUBMITTED, Status.DECLINED, "Decline", CENTRAL),
    Transition(Status.SUBMITTED, Status.WITHDRAWN, "Withdraw", REQUESTER),
    Transition(Status.TRIAGED, Status.MATCHING, "Start matching", CENTRAL),
    Transition(Status.TRIAGED, Status.DECLINED, "Decline", CENTRAL),
    Transition(Status.TRIAGED, Status.WITHDRAWN, "Withdraw", REQUESTER),
    Transition(Status.MATCHING, Status.BROKERED, "Broker", SYSTEM),
    Transition(Status.MATCHING, Status.DECLINED, "Decline", CENTRAL),
    Transition(Status.MATCHING, Status.WITHDRAWN, "Withdraw", REQUESTER),
    Transition(Status.BROKERED, Status.IN_PROGRESS, "Mark in progress", PROVIDER),
    Transition(Status.BROKERED, Status.WITHDRAWN, "Withdraw", REQUESTER),
    Transition(Status.IN_PROGRESS, Status.COMPLETED, "Mark completed", PROVIDER),
    Transition(Status.COMPLETED, Status.CLOSED, "Close", CENTRAL),
)

OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.TRIAGED,
    Status.MATCHING,
    Status.BROKERED,
    Status.IN_PROGRESS,
]
# Requests that have ended without more to do: lists leave them out unless asked.
ENDED_STATUSES = [Status.CLOSED, Status.DECLINED, Status.WITHDRAWN]
# A provider is loaded by engagements of requests in these states.
ACTIVE_STATUSES = [Status.BROKERED, Status.IN_PROGRESS]


def find_transition(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def transitions_from(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]


# The columns a support request table (and its CSV) shows or needs for its links and ticks.
TABLE_FIELDS = (
    "status",
    "version",
    "submitted_at",
    "first_response_due",
    "first_responded_at",
    "target_date",
    "school__name",
    "school__urn",
    "hub__name",
    "broker__full_name",
)


class SupportRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SupportRequestQuerySet":
        """Own school's requests for contacts, their hub's for hub staff, all for central team.

        A provider's contacts also see the requests their school was asked to support.
        """
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        provider = Engagement.objects.filter(
            request_id=OuterRef("pk"), provider_id__in=scope.contact_school_ids
        )
        return self.filter(
            Q(hub_id__in=scope.hub_ids)
            | Q(school_id__in=scope.contact_school_ids)
            | Q(Exists(provider))
        )

    def open(self) -> "SupportRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> "SupportRequestQuerySet":
        """Awaiting a first response past the target date."""
        today = today or timezone.localdate()
        return self.filter(first_responded_at__isnull=True, first_response_due__lt=today)

    def with_area_names(self) -> "SupportRequestQuerySet":
        """Each request carries `area_names`, its practice areas' names, read in its own row.

        An array in the same query rather than a prefetch: one query rather than two, and no
        model instance for each area of each row.
        """
        return self.annotate(
            area_names=ArraySubquery(
                PracticeArea.objects.filter(support_requests=OuterRef("pk"))
                .order_by(*PracticeArea._meta.ordering)
                .values("name")
            )
        )

    def for_table(self) -> "SupportRequestQuerySet":
        """What the request tables and their CSV show, and only that."""
        return self.select_related("school", "hub", "broker").with_area_names().only(*TABLE_FIELDS)


class SupportRequest(models.Model):
    """A school's request for support from another school in one or more practice areas."""

    Status = Status

    class Format(models.TextChoices):
        VISIT = "visit", "Visit"
        IMMERSION_DAY = "immersion_day", "Immersion day"
        REMOTE = "remote", "Remote"
        CONSULTANCY = "consultancy", "Consultancy"

    class Source(models.TextChoices):
        SCHOOL = "school", "Raised by the school"
        HUB = "hub", "Raised by the hub manager"
        CENTRAL = "central", "Raised by the central team"
        EBI = "ebi", "From an even better if on a review"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="support_requests")
    # The school's hub when the request was raised: that hub's staff follow it to the end.
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.PROTECT, related_name="support_requests"
    )
    practice_areas = models.ManyToManyField(PracticeArea, related_name="support_requests")
    needed = models.TextField("what is needed")
    preferred_format = models.CharField(max_length=20, choices=Format.choices)
    target_date = models.DateField(help_text="When the school would like the support by.")
    source = models.CharField(max_length=10, choices=Source.choices)
    ebi = models.ForeignKey(
        EvenBetterIf,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
        verbose_name="even better if",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokered_requests",
        limit_choices_to={"is_central_team": True},
        help_text="The central team member who brokers this request.",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    # Stored so that "overdue" is an indexed filter rather than a per-row calculation.
    first_response_due = models.DateField(editable=False)
    first_responded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped on every change through the app, so two brokers acting at once cannot overwrite.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[practice_areas])
    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["hub", "status"]),
            # A hub's latest requests (its dashboard) without walking every hub's by date.
            models.Index(fields=["hub", "-submitted_at"], name="request_hub_latest"),
            # A provider's engagement figures (brokering.matching) read each engagement's request
            # status from the index alone rather than from a page of the 100,000-row table.
            models.Index(fields=["id"], include=["status"], name="request_status_by_id"),
            models.Index(fields=["school", "status"]),
            models.Index(fields=["broker", "status"]),
            models.Index(fields=["submitted_at"]),
            models.Index(
                fields=["first_response_due"],
                condition=Q(first_responded_at__isnull=True),
                name="request_awaiting_response",
            ),
        ]

    def __str__(self) -> str:
        return f"Request {self.reference} from {self.school.name}"

    def save(self, *args, **kwargs):
        if not self.first_response_due:
            self.first_response_due = self.response_due_for(self.submitted_at)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("brokering:request_detail", kwargs={"pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The stored date, so a request whose date has since passed can still be edited or moved
        # on without being made to change it; only a new or changed date must be in the window.
        instance._stored_target_date = instance.__dict__.get("target_date")
        return instance

    @staticmethod
    def response_due_for(submitted_at: datetime.datetime) -> datetime.date:
        return add_working_days(
            timezone.localdate(submitted_at), settings.FIRST_RESPONSE_WORKING_DAYS
        )

    @property
    def reference(self) -> str:
        return f"SR-{self.pk:06d}" if self.pk else "SR-new"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.first_responded_at is None and self.first_response_due < today

    def age_days(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        return (today - timezone.localdate(self.submitted_at)).days

    @cached_property
    def accepted_engagement(self) -> "Engagement | None":
        return (
            self.engagements.filter(status=Engagement.Status.ACCEPTED)
            .select_related("provider")
            .first()
        )

    def clean(self):
        super().clean()
        if self.ebi_id and self.source != self.Source.EBI:
            raise ValidationError(
                {"source": "A request linked to an even better if comes from it."}
            )
        stored = getattr(self, "_stored_target_date", None)
        if self.target_date and (self._state.adding or self.target_date != stored):
            first, last = target_date_window()
            if self.target_date < first:
                raise ValidationError(
                    {"target_date": "The date the support is wanted by cannot be in the past."}
                )
            if self.target_date > last:
                raise ValidationError(
                    {
                        "target_date": "The date the support is wanted by must be within "
                        f"{TARGET_DATE_MAX_YEARS} years (by {last:%-d %B %Y})."
                    }
                )


class RequestEvent(models.Model):
    """One line of a request's timeline: a status change, an assignment or a proposal."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        STATUS = "status", "Status changed"
        ASSIGNED = "assigned", "Broker assigned"
        PROPOSED = "proposed", "Provider proposed"
        PROVIDER_ACCEPTED = "accepted", "Provider accepted"
        PROVIDER_DECLINED = "provider_declined", "Provider declined"
        FEEDBACK = "feedback", "Feedback given"

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_kind_display()}"

    @property
    def is_status_change(self) -> bool:
        return self.kind == self.Kind.STATUS


def is_active_engagement() -> Q:
    """Accepted, and its request brokered or under way: what counts towards a provider's load."""
    return Q(status=Engagement.Status.ACCEPTED, request__status__in=ACTIVE_STATUSES)


class EngagementQuerySet(models.QuerySet):
    def active(self) -> "EngagementQuerySet":
        return self.filter(is_active_engagement())


class Engagement(models.Model):
    """A provider school proposed for a request, and once accepted, the support it delivers."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined by the provider"

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="engagements"
    )
    provider = models.ForeignKey(School, on_delete=models.PROTECT, related_name="engagements")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    format = models.CharField(max_length=20, choices=SupportRequest.Format.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    proposal_note = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    delivered = models.TextField("what was delivered", blank=True)
    history = HistoricalRecords()
    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        indexes = [
            # With the request in it, a provider's engagement figures (brokering.matching) come
            # from the index alone, not a heap page for each engagement.
            models.Index(
                fields=["provider", "status"],
                include=["request"],
                name="engagement_provider_figures",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "provider"],
                name="engagement_provider_once_per_request",
                violation_error_message="This school has already been proposed for this request.",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="engagement_one_live_per_request",
                violation_error_message=(
                    "This request already has a provider proposed or engaged; "
                    "wait for their answer first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="engagement_dates_in_order",
                violation_error_message="An engagement cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider.name} for {self.request.reference}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "An engagement cannot end before it starts."})
        if self.request_id and self.provider_id == self.request.school_id:
            raise ValidationError({"provider": "A school cannot support its own request."})


class Feedback(models.Model):
    """The requesting school's view of the support once it is completed."""

    request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="feedback"
    )
    quality_rating = models.PositiveSmallIntegerField(
        "quality of support", validators=rating_validators
    )
    service_rating = models.PositiveSmallIntegerField(
        "central team service", validators=rating_validators
    )
    comment = models.TextField(blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "feedback"
        # A provider's past quality (brokering.matching) from the index alone.
        indexes = [
            models.Index(fields=["request"], include=["quality_rating"], name="feedback_quality")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quality_rating__gte=LOWEST_RATING, quality_rating__lte=HIGHEST_RATING)
                & Q(service_rating__gte=LOWEST_RATING, service_rating__lte=HIGHEST_RATING),
                name="support_feedback_ratings_1_10",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.request.reference}"

    def clean(self):
        super().clean()
        if self.request_id and self.request.status not in (Status.COMPLETED, Status.CLOSED):
            raise ValidationError("Feedback can be given once the support is completed.")
