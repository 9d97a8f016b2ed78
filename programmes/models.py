"""Programmes, their cohorts, schools' enrolments with named participants, sessions and
attendance.

A cohort holds a number of places, counted in schools or in participants. An application takes
places while there are enough free; after that applicants join the waitlist, in the order they
applied, and move up when a place frees. Every place-taking write locks the cohort's row first
(`programmes.services`), so two applicants cannot both take the last place.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from hubs.access import scope_for
from hubs.choices import Phase
from hubs.models import Hub, School, SpendCategory
from hubs.years import academic_year_end, academic_year_label, academic_year_start


class Kind(models.TextChoices):
    WHOLE_SCHOOL = "whole_school", "Whole-school improvement"
    LEADERSHIP = "leadership", "Leadership development"
    COURSE_PLACES = "course_places", "Funded course places"
    DEVELOPMENT_DAYS = "development_days", "Development days"


class ParticipantRole(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    MIDDLE_LEADER = "middle_leader", "Middle leader"
    TEACHER = "teacher", "Teacher"
    EARLY_CAREER_TEACHER = "ect", "Early career teacher"
    SUPPORT_STAFF = "support_staff", "Support staff"


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgrammeQuerySet":
        """Programmes are the network's offer: anyone with a role in it reads them."""
        scope = scope_for(user)
        if scope.whole_network or scope.hub_ids or scope.contact_school_ids:
            return self.all()
        return self.none()


class Programme(models.Model):
    """What the network offers: a whole-school or leadership programme, course places, days."""

    Kind = Kind

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    # Who may take part: empty means anyone.
    phases = ArrayField(
        models.CharField(max_length=20, choices=Phase.choices),
        blank=True,
        default=list,
        help_text="The phases of school that may take part; none chosen means every phase.",
    )
    participant_roles = ArrayField(
        models.CharField(max_length=20, choices=ParticipantRole.choices),
        blank=True,
        default=list,
        help_text="The roles participants may hold; none chosen means any role.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Offered now; old programmes keep their cohorts."
    )
    history = HistoricalRecords()
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:150]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", kwargs={"slug": self.slug})

    @property
    def is_whole_school(self) -> bool:
        return self.kind == Kind.WHOLE_SCHOOL

    def phase_labels(self) -> list[str]:
        return [Phase(p).label for p in self.phases]

    def role_labels(self) -> list[str]:
        return [ParticipantRole(r).label for r in self.participant_roles]

    def admits_phase(self, phase: str) -> bool:
        return not self.phases or phase in self.phases

    def admits_role(self, role: str) -> bool:
        return not self.participant_roles or role in self.participant_roles


class Status(models.TextChoices):
    APPLIED = "applied", "Applied"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "Waitlisted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"


# Enrolments that hold places in their cohort.
PLACE_HOLDING = [Status.APPLIED, Status.ACCEPTED, Status.COMPLETED]
# Enrolments still live: a school has at most one of these in a cohort.
LIVE = [Status.APPLIED, Status.ACCEPTED, Status.WAITLISTED, Status.COMPLETED]


def _cohort_scope_q(scope, prefix: str = "") -> Q:
    """Cohorts a user reads: national ones, and those of hubs they staff or whose school they
    act for."""
    contact_hubs = School.objects.filter(id__in=scope.contact_school_ids, hub__isnull=False)
    return (
        Q(**{f"{prefix}hub__isnull": True})
        | Q(**{f"{prefix}hub_id__in": scope.hub_ids})
        | Q(**{f"{prefix}hub_id__in": contact_hubs.values("hub_id")})
    )


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CohortQuerySet":
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        if not (scope.hub_ids or scope.contact_school_ids):
            return self.none()
        return self.filter(_cohort_scope_q(scope))

    def deadlines_between(self, start: datetime.date, end: datetime.date) -> "CohortQuerySet":
        """Cohorts whose applications close between `start` and `end` (both included), soonest
        first: the programme deadlines of a week, for the weekly email. Chain `visible_to`."""
        return (
            self.filter(applications_close_on__gte=start, applications_close_on__lte=end)
            .select_related("programme", "hub")
            .order_by("applications_close_on", "pk")
        )

    def with_places_taken(self) -> "CohortQuerySet":
        """Each cohort carries `places_taken`: schools or participants holding places."""
        schools = (
            Enrolment.objects.filter(cohort_id=OuterRef("pk"), status__in=PLACE_HOLDING)
            .order_by()
            .values("cohort_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        people = (
            Participant.objects.filter(
                enrolment__cohort_id=OuterRef("pk"), enrolment__status__in=PLACE_HOLDING
            )
            .order_by()
            .values("enrolment__cohort_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            places_taken=models.Case(
                models.When(
                    capacity_unit=Cohort.CapacityUnit.PARTICIPANTS,
                    then=Coalesce(Subquery(people), 0),
                ),
                default=Coalesce(Subquery(schools), 0),
            ),
            waitlisted_count=Coalesce(
                Subquery(
                    Enrolment.objects.filter(cohort_id=OuterRef("pk"), status=Status.WAITLISTED)
                    .order_by()
                    .values("cohort_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )

    def for_table(self) -> "CohortQuerySet":
        return self.select_related("programme", "hub").with_places_taken()


class Cohort(models.Model):
    """One run of a programme in an academic year: the network's (national) or one hub's."""

    class CapacityUnit(models.TextChoices):
        SCHOOLS = "schools", "Schools"
        PARTICIPANTS = "participants", "Participants"

    class Funding(models.TextChoices):
        FEE = "fee", "A fee per place"
        FUNDED = "funded", "Funded places"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=150, help_text="For example “Cohort 3” or “Spring term”.")
    academic_year = models.PositiveSmallIntegerField(help_text="Its first year: 2025 = 2025/26.")
    hub = models.ForeignKey(
        Hub,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
        help_text="Leave empty for a national cohort, open to every hub's schools.",
    )
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    capacity_unit = models.CharField(
        "places counted in",
        max_length=12,
        choices=CapacityUnit.choices,
        default=CapacityUnit.SCHOOLS,
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    applications_close_on = models.DateField(
        null=True, blank=True, help_text="The last day schools may apply; empty: until it starts."
    )
    funding = models.CharField(max_length=10, choices=Funding.choices, default=Funding.FUNDED)
    fee = models.DecimalField(
        "fee per place (£)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    budget_line = models.CharField(
        max_length=20,
        choices=SpendCategory.choices,
        blank=True,
        help_text="The budget line funded places draw on.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped on every edit through the app, so two people editing at once cannot overwrite.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "starts_on", "pk"]
        indexes = [
            models.Index(fields=["programme", "-academic_year"], name="cohort_programme_year"),
            models.Index(fields=["hub", "-academic_year"], name="cohort_hub_year"),
            models.Index(fields=["applications_close_on"], name="cohort_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cohort_dates_in_order",
                violation_error_message="A cohort cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(funding="fee") | Q(fee__isnull=False),
                name="cohort_fee_given",
                violation_error_message="A cohort that charges a fee needs its amount.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}: {self.name} ({self.year_label})"

    def get_absolute_url(self) -> str:
        return reverse("programmes:cohort_detail", kwargs={"pk": self.pk})

    @property
    def year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def is_national(self) -> bool:
        return self.hub_id is None

    @property
    def where(self) -> str:
        return "National" if self.hub_id is None else self.hub.name

    @property
    def counts_participants(self) -> bool:
        return self.capacity_unit == self.CapacityUnit.PARTICIPANTS

    def is_open_for_applications(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        last = self.applications_close_on or self.starts_on
        return today <= last

    def places_needed_by(self, enrolment: "Enrolment", participants: int | None = None) -> int:
        if not self.counts_participants:
            return 1
        return participants if participants is not None else enrolment.participants.count()

    def count_places_taken(self) -> int:
        holding = self.enrolments.filter(status__in=PLACE_HOLDING)
        if self.counts_participants:
            return Participant.objects.filter(enrolment__in=holding).count()
        return holding.count()

    def clean(self):
        super().clean()
        errors = {}
        if self.academic_year and self.starts_on:
            first, last = (
                academic_year_start(self.academic_year),
                academic_year_end(self.academic_year),
            )
            if not first <= self.starts_on <= last:
                errors["starts_on"] = (
                    f"A {academic_year_label(self.academic_year)} cohort starts between "
                    f"{first:%-d %B %Y} and {last:%-d %B %Y}."
                )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "A cohort cannot end before it starts."
        if (
            self.applications_close_on
            and self.ends_on
            and self.applications_close_on > self.ends_on
        ):
            errors["applications_close_on"] = "Applications must close before the cohort ends."
        if self.funding == self.Funding.FEE and self.fee is None:
            errors["fee"] = "A cohort that charges a fee needs its amount."
        if self.funding == self.Funding.FUNDED and not self.budget_line:
            errors["budget_line"] = "Say which budget line the funded places draw on."
        if errors:
            raise ValidationError(errors)


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnrolmentQuerySet":
        """A school's own enrolments for its contacts; their hubs' schools' and cohorts' for hub
        staff; all for the central team."""
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(
            Q(school_id__in=scope.contact_school_ids)
            | Q(school__hub_id__in=scope.hub_ids)
            | Q(cohort__hub_id__in=scope.hub_ids)
        )

    def with_waitlist_position(self) -> "EnrolmentQuerySet":
        """Waitlisted enrolments carry `waitlist_position` (1 is next to move up)."""
        ahead = (
            Enrolment.objects.filter(
                cohort_id=OuterRef("cohort_id"),
                status=Status.WAITLISTED,
            )
            .filter(
                Q(queued_at__lt=OuterRef("queued_at"))
                | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("cohort_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            waitlist_position=models.Case(
                models.When(status=Status.WAITLISTED, then=Coalesce(Subquery(ahead), 0) + 1),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def with_participant_count(self) -> "EnrolmentQuerySet":
        people = (
            Participant.objects.filter(enrolment_id=OuterRef("pk"))
            .order_by()
            .values("enrolment_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(participant_count=Coalesce(Subquery(people), 0))

    def for_table(self) -> "EnrolmentQuerySet":
        return (
            self.select_related("cohort__programme", "cohort__hub", "school__hub")
            .with_participant_count()
            .only(
                "status",
                "applied_at",
                "queued_at",
                "completed_on",
                "pupils_reached",
                "teachers_reached",
                "schools_reached",
                "version",
                "cohort__name",
                "cohort__academic_year",
                "cohort__programme__name",
                "cohort__programme__slug",
                "cohort__hub__name",
                "school__name",
                "school__urn",
                "school__hub__name",
            )
        )

    def reach_totals(self) -> dict:
        return self.aggregate(
            pupils=Coalesce(Sum("pupils_reached"), 0),
            teachers=Coalesce(Sum("teachers_reached"), 0),
            schools=Coalesce(Sum("schools_reached"), 0),
        )


class Enrolment(models.Model):
    """A school's place (or wish for one) on a cohort."""

    Status = Status

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(default=timezone.now)
    # Where the school stands in the waitlist's order: when it joined it.
    queued_at = models.DateTimeField(default=timezone.now)
    completed_on = models.DateField(null=True, blank=True)
    # What a whole-school programme reached, for the annual report.
    pupils_reached = models.PositiveIntegerField(null=True, blank=True)
    teachers_reached = models.PositiveIntegerField(null=True, blank=True)
    schools_reached = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-pk"]
        indexes = [
            models.Index(fields=["cohort", "status", "queued_at"], name="enrolment_cohort_queue"),
            models.Index(fields=["school", "-applied_at"], name="enrolment_school_latest"),
            models.Index(fields=["-applied_at"], name="enrolment_latest"),
            models.Index(fields=["status", "-applied_at"], name="enrolment_status_latest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "school"],
                condition=Q(status__in=LIVE),
                name="enrolment_one_live_per_school",
                violation_error_message="This school has already applied to this cohort.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} on {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:enrolment_detail", kwargs={"pk": self.pk})

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING

    def clean(self):
        super().clean()
        if self.cohort_id and self.school_id:
            programme = self.cohort.programme
            if not programme.admits_phase(self.school.phase):
                raise ValidationError(
                    {
                        "school": f"{programme.name} is open to "
                        f"{', '.join(programme.phase_labels()).lower()} schools only."
                    }
                )
            if (
                self.cohort.hub_id is not None
                and self.school.hub_id != self.cohort.hub_id
                and self._state.adding
            ):
                raise ValidationError(
                    {"school": f"This cohort is for the schools of {self.cohort.hub.name}."}
                )
        if self.status == Status.COMPLETED and not self.completed_on:
            raise ValidationError({"completed_on": "Say when the school completed it."})


class StatusChange(models.Model):
    """One change of an enrolment's status: from what, to what, by whom and when."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["enrolment", "at"], name="status_change_enrolment")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.from_status or 'new'} → {self.to_status}"


class Participant(models.Model):
    """A named person the school sends, with their role."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField("name", max_length=150)
    role = models.CharField(max_length=20, choices=ParticipantRole.choices)
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.enrolment_id and self.role:
            programme = self.enrolment.cohort.programme
            if not programme.admits_role(self.role):
                raise ValidationError(
                    {
                        "role": f"{programme.name} is for "
                        f"{', '.join(programme.role_labels()).lower()} participants."
                    }
                )


class Session(models.Model):
    """One day or meeting of a cohort, whose attendance is kept."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=150)
    held_on = models.DateField("date")
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["cohort", "held_on"], name="session_cohort_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%-d %b %Y})"

    def clean(self):
        super().clean()
        if self.cohort_id and self.held_on:
            cohort = self.cohort
            if not cohort.starts_on <= self.held_on <= cohort.ends_on:
                raise ValidationError({"held_on": "A session falls within its cohort's dates."})


class Attendance(models.Model):
    """Whether one participant attended one session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    attended = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} at {self.session}: {'yes' if self.attended else 'no'}"
