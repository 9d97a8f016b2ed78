"""Trusts, hubs, schools, who holds which role where, and hub membership over time."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from hubs.access import scope_for
from hubs.choices import (
    Governance,
    OfstedFramework,
    OfstedGrade,
    Phase,
    Region,
    ReportCardArea,
    ReportCardGrade,
)
from hubs.years import (
    academic_year_label,
    academic_year_of,
)

urn_validator = RegexValidator(r"^\d{6}$", "A URN is exactly 6 digits, e.g. 123456.")
percentage_validators = [
    MinValueValidator(0, "A percentage cannot be below 0."),
    MaxValueValidator(100, "A percentage cannot be above 100."),
]


def trigram_name_index(name: str) -> GinIndex:
    # icontains compiles to UPPER(col) LIKE UPPER(%s): only a trigram index on UPPER(col) serves it.
    return GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name=name)


class Trust(models.Model):
    """A multi-academy trust."""

    name = models.CharField(max_length=200)
    reference = models.CharField(
        "GIAS trust reference", max_length=20, blank=True, help_text="Trusts (code) in GIAS."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), trigram_name_index("trust_name_trgm")]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="trust_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class HubQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HubQuerySet":
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(id__in=scope.hub_ids)

    def pages_visible_to(self, user) -> "HubQuerySet":
        """Hubs whose page (not its operations) the user reads: also the hubs of their schools."""
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(id__in=scope.hub_ids | scope.contact_hub_ids)


class Hub(models.Model):
    """A local group of member schools, led by a senior partner and run by hub managers."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.CharField(max_length=20, choices=Region.choices)
    lead_school = models.ForeignKey(
        "School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    senior_partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="senior_partner_of",
        help_text="The headteacher who leads the hub; reads its dashboard.",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_hubs",
        verbose_name="hub managers",
    )
    history = HistoricalRecords(m2m_fields=[managers])
    objects = HubQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hubs:detail", kwargs={"slug": self.slug})


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SchoolQuerySet":
        """Schools whose full profile the user may read."""
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(Q(hub_id__in=scope.hub_ids) | Q(id__in=scope.contact_school_ids))

    def members(self) -> "SchoolQuerySet":
        """Schools in a hub now."""
        return self.filter(hub__isnull=False)

    def for_table(self) -> "SchoolQuerySet":
        """What the school tables (and their CSV) show, and only that."""
        return self.select_related("hub").only(
            "urn",
            "name",
            "phase",
            "governance",
            "region",
            "pupils_on_roll",
            "ofsted_framework",
            "ofsted_grade",
            "ofsted_inspection_date",
            "hub__name",
        )

    def search(self, text: str) -> "SchoolQuerySet":
        text = text.strip()
        if not text:
            return self
        if text.isdigit():
            return self.filter(urn__startswith=text)
        compact = text.replace(" ", "").upper()
        return self.filter(Q(name__icontains=text) | Q(postcode_compact__startswith=compact))


class School(models.Model):
    """A school, identified by its URN from Get Information About Schools (GIAS)."""

    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        validators=[urn_validator],
        help_text="6 digits, from GIAS.",
    )
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    establishment_type = models.CharField(max_length=100, blank=True)
    governance = models.CharField(max_length=30, choices=Governance.choices)
    trust = models.ForeignKey(
        Trust, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    local_authority = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=20, choices=Region.choices)
    postcode = models.CharField(max_length=10, blank=True)
    # Upper-case postcode without spaces, so "ls1 4ap" finds "LS1 4AP".
    postcode_compact = models.CharField(max_length=10, blank=True, editable=False)
    pupils_on_roll = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0, "Pupils cannot be negative.")]
    )
    percent_fsm = models.DecimalField(
        "% disadvantaged (FSM)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=percentage_validators,
    )
    percent_sen = models.DecimalField(
        "% SEN",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=percentage_validators,
    )
    ofsted_framework = models.CharField(max_length=20, choices=OfstedFramework.choices, blank=True)
    ofsted_grade = models.CharField(
        "Ofsted overall grade",
        max_length=30,
        choices=OfstedGrade.choices,
        blank=True,
        help_text="Graded inspections only; report cards have no overall grade.",
    )
    ofsted_report_card = models.JSONField(
        default=dict,
        blank=True,
        help_text="Report card grades by area, e.g. {'leadership': 'strong'}.",
    )
    ofsted_safeguarding_met = models.BooleanField(null=True, blank=True)
    ofsted_inspection_date = models.DateField(null=True, blank=True)
    is_teaching_school = models.BooleanField("teaching school", default=False)
    is_open = models.BooleanField(default=True, help_text="Open according to GIAS.")
    hub = models.ForeignKey(
        Hub,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schools",
        editable=False,
        help_text="The hub the school belongs to now; kept in step with its memberships.",
    )
    history = HistoricalRecords(excluded_fields=["postcode_compact"])
    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            trigram_name_index("school_name_trgm"),
            models.Index(fields=["postcode_compact"]),
            # Covering the similar-schools ranking (brokering.matching.similar_schools).
            models.Index(
                fields=["phase", "region"],
                include=[
                    "id",
                    "is_open",
                    "pupils_on_roll",
                    "percent_fsm",
                    "percent_sen",
                    "name",
                    "urn",
                ],
                name="school_phase_region_similar",
            ),
            models.Index(fields=["governance"]),
            models.Index(fields=["ofsted_grade"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(urn__regex=r"^\d{6}$"), name="school_urn_six_digits"
            ),
            models.CheckConstraint(
                condition=Q(percent_fsm__gte=0, percent_fsm__lte=100) | Q(percent_fsm__isnull=True),
                name="school_percent_fsm_0_100",
            ),
            models.CheckConstraint(
                condition=Q(percent_sen__gte=0, percent_sen__lte=100) | Q(percent_sen__isnull=True),
                name="school_percent_sen_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    def save(self, *args, **kwargs):
        self.postcode_compact = self.postcode.replace(" ", "").upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("hubs:school_detail", kwargs={"urn": self.urn})

    def clean(self):
        super().clean()
        self.postcode = " ".join(self.postcode.upper().split())
        if self.ofsted_framework == OfstedFramework.REPORT_CARD_2025 and self.ofsted_grade:
            raise ValidationError(
                {"ofsted_grade": "Report cards have no overall grade; record grades by area."}
            )
        if self.ofsted_framework == OfstedFramework.GRADED_2019 and self.ofsted_report_card:
            raise ValidationError(
                {"ofsted_report_card": "Area grades belong to the report card framework."}
            )
        areas = set(ReportCardArea.values)
        grades = set(ReportCardGrade.values)
        for area, grade in (self.ofsted_report_card or {}).items():
            if area not in areas or grade not in grades:
                raise ValidationError(
                    {"ofsted_report_card": f"'{area}: {grade}' is not a report card area grade."}
                )
        if (self.ofsted_grade or self.ofsted_report_card) and not self.ofsted_framework:
            raise ValidationError({"ofsted_framework": "Say which framework the grade is from."})

    @property
    def is_academy(self) -> bool:
        return self.governance in Governance.academy_values()

    @property
    def ofsted_is_graded(self) -> bool:
        """Inspected under the graded framework, which gives an overall grade."""
        return self.ofsted_framework == OfstedFramework.GRADED_2019

    @property
    def ofsted_summary(self) -> str:
        """The Ofsted outcome in its own framework's words."""
        if self.ofsted_framework == OfstedFramework.GRADED_2019:
            return self.get_ofsted_grade_display()
        if self.ofsted_framework == OfstedFramework.REPORT_CARD_2025:
            return "Report card"
        return "Not inspected"


class SchoolContact(models.Model):
    """A person who acts for a school: raises support requests and reads its own reviews."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_contacts"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts")
    is_headteacher = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="school_contact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.school.name}"


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MembershipQuerySet":
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(hub_id__in=scope.hub_ids)

    def open(self) -> "MembershipQuerySet":
        return self.filter(left_on__isnull=True)

    def on(self, day: datetime.date) -> "MembershipQuerySet":
        """Memberships in force on a day."""
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=day), joined_on__lte=day)


class Membership(models.Model):
    """A school's time in one hub. A move closes one membership and opens another."""

    class LeaveReason(models.TextChoices):
        LEFT = "left", "Left the network"
        MOVED = "moved", "Moved to another hub"
        CLOSED = "closed", "School closed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="memberships")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    leave_reason = models.CharField(max_length=10, choices=LeaveReason.choices, blank=True)
    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_on"]
        indexes = [models.Index(fields=["hub", "joined_on"]), models.Index(fields=["left_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_school",
                violation_error_message="This school already has an open hub membership.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_dates_in_order",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} in {self.hub.name} from {date_format(self.joined_on)}"

    def clean(self):
        super().clean()
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "A membership cannot end before it starts."})
        if self.school_id and self.joined_on:
            overlapping = Membership.objects.filter(school_id=self.school_id).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                Q(left_on__isnull=True) | Q(left_on__gt=self.joined_on)
            )
            if self.left_on:
                overlapping = overlapping.filter(joined_on__lt=self.left_on)
            if overlapping.exists():
                raise ValidationError(
                    "This school is already a member of a hub over these dates; "
                    "end that membership first."
                )


# Hub operations: funding and spend, action plans, events, membership fees and changes, imports.


class SpendCategory(models.TextChoices):
    WORKSHOPS_AND_EVENTS = "workshops_events", "Workshops and events"
    STAFF_TRAINING = "staff_training", "Staff training"
    RESEARCH_PROJECTS = "research", "Research projects"
    HUB_ADMINISTRATION = "administration", "Hub administration"
    SCHOOL_TO_SCHOOL_SUPPORT = "school_to_school", "School-to-school support"


class HubOwnedQuerySet(models.QuerySet):
    """Rows that belong to one hub: its staff read them (its managers change them:
    `hubs.permissions.may_manage_hub`)."""

    hub_lookup = "hub_id"

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.whole_network:
            return self.all()
        return self.filter(**{f"{self.hub_lookup}__in": scope.hub_ids})

    def for_year(self, year: int):
        return self.filter(academic_year=year)


RECEIPT_MAX_BYTES = 5 * 1024 * 1024
# Checked against the file's first bytes: a renamed .exe is not a PDF.
RECEIPT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_receipt(file) -> None:
    """A receipt is a PDF, JPEG or PNG of at most 5 MB, judged by its content."""
    if file.size > RECEIPT_MAX_BYTES:
        raise ValidationError("A receipt can be at most 5 MB.")
    extension = "." + file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in RECEIPT_SIGNATURES:
        raise ValidationError("A receipt must be a PDF, JPEG or PNG file.")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(RECEIPT_SIGNATURES[extension]):
        raise ValidationError("This file's content is not a PDF, JPEG or PNG; upload the receipt.")


def receipt_upload_to(instance, filename: str) -> str:
    # A random name: receipts are served only through a view that checks access.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"receipts/{uuid.uuid4().hex}.{extension}"


class FundingAllocation(models.Model):
    """The money a hub has for one academic year (September to August)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="allocations")
    academic_year = models.PositiveSmallIntegerField(help_text="Its first year: 2025 = 2025/26.")
    amount = models.DecimalField(
        "allocation (£)",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0, "An allocation cannot be negative.")],
    )
    history = HistoricalRecords()
    objects = HubOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "hub__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "academic_year"],
                name="allocation_one_per_hub_year",
                violation_error_message="This hub already has an allocation for that year.",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.hub} {academic_year_label(self.academic_year)}"


class ActionPriorityQuerySet(HubOwnedQuerySet):
    pass


class ActionPriority(models.Model):
    """One priority of a hub's action plan for a year."""

    class Status(models.TextChoices):
        RED = "red", "Red: off track"
        AMBER = "amber", "Amber: at risk"
        GREEN = "green", "Green: on track"

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="priorities")
    academic_year = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField("priority", max_length=200)
    owner = models.CharField(max_length=150, help_text="Who leads this priority.")
    success_criteria = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AMBER)
    history = HistoricalRecords()
    objects = ActionPriorityQuerySet.as_manager()

    class Meta:
        ordering = ["academic_year", "position", "id"]
        verbose_name_plural = "action priorities"
        indexes = [models.Index(fields=["hub", "academic_year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_off_track(self) -> bool:
        return self.status == self.Status.RED

    @property
    def is_at_risk(self) -> bool:
        return self.status == self.Status.AMBER


class SpendEntryQuerySet(HubOwnedQuerySet):
    hub_lookup = "allocation__hub_id"


class SpendEntry(models.Model):
    """Money a hub spent, against its allocation for the year the spend falls in."""

    allocation = models.ForeignKey(
        FundingAllocation, on_delete=models.PROTECT, related_name="spend_entries"
    )
    spent_on = models.DateField("date")
    amount = models.DecimalField(
        "amount (£)",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), "A spend must be more than £0.")],
    )
    category = models.CharField(max_length=20, choices=SpendCategory.choices)
    description = models.CharField(max_length=300)
    receipt = models.FileField(
        upload_to=receipt_upload_to,
        blank=True,
        validators=[validate_receipt],
        help_text="Optional: PDF, JPEG or PNG, at most 5 MB.",
    )
    priority = models.ForeignKey(
        ActionPriority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spend_entries",
        verbose_name="action plan priority",
    )
    overspend = models.BooleanField(
        default=False,
        editable=False,
        help_text="Took the hub over its allocation; flagged to the central team.",
    )
    # Blank allowed: spend loaded by a script has no recorder, and a deleted account leaves none.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Bumped on every edit, so two people editing one entry at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()
    objects = SpendEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name_plural = "spend entries"
        indexes = [models.Index(fields=["allocation", "category"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spend_amount_positive")
        ]

    def __str__(self) -> str:
        return f"£{self.amount} on {date_format(self.spent_on)}: {self.description}"

    def clean(self):
        super().clean()
        allocation = self.allocation if self.allocation_id else None
        year = academic_year_of(self.spent_on) if self.spent_on else None
        if allocation and year is not None and year != allocation.academic_year:
            raise ValidationError(
                {"spent_on": "The date must fall in the allocation's academic year."}
            )
        priority = self.priority if self.priority_id else None
        if (
            allocation
            and priority
            and (priority.hub_id, priority.academic_year)
            != (
                allocation.hub_id,
                allocation.academic_year,
            )
        ):
            raise ValidationError(
                {"priority": "Link spend to a priority of the same hub and year."}
            )


class SpendTarget(models.Model):
    """What a hub means to spend on one category in a year, as agreed by its senior partner."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="spend_targets")
    academic_year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20, choices=SpendCategory.choices)
    amount = models.DecimalField(
        "target (£)",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0, "A target cannot be negative.")],
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()
    objects = HubOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["academic_year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "academic_year", "category"],
                name="spend_target_one_per_hub_year_category",
                violation_error_message="This hub already has a target for that category and year.",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spend_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.hub} {academic_year_label(self.academic_year)} {self.get_category_display()}"


class FeeBand(models.Model):
    """The yearly subscription fee for schools of a phase within a range of pupil numbers."""

    academic_year = models.PositiveSmallIntegerField()
    phase = models.CharField(
        max_length=20, choices=Phase.choices, blank=True, help_text="Blank: any phase."
    )
    min_pupils = models.PositiveIntegerField(default=0)
    max_pupils = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: no limit.")
    fee = models.DecimalField("fee (£)", max_digits=8, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-academic_year", "phase", "min_pupils"]
        indexes = [models.Index(fields=["academic_year", "phase"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_pupils__isnull=True) | Q(max_pupils__gte=models.F("min_pupils")),
                name="fee_band_pupils_in_order",
                violation_error_message="The largest size cannot be below the smallest.",
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="fee_band_fee_not_negative"),
        ]

    def __str__(self) -> str:
        top = self.max_pupils if self.max_pupils is not None else "+"
        return f"{self.get_phase_display() or 'Any phase'} {self.min_pupils}–{top}: £{self.fee}"

    def clean(self):
        super().clean()
        if self.max_pupils is not None and self.max_pupils < self.min_pupils:
            raise ValidationError({"max_pupils": "The largest size cannot be below the smallest."})
        if self.academic_year is None or self.min_pupils is None:
            return
        # Two bands of one phase covering the same size would leave a school's fee to chance.
        overlapping = FeeBand.objects.filter(
            academic_year=self.academic_year, phase=self.phase
        ).exclude(pk=self.pk)
        overlapping = overlapping.filter(
            Q(max_pupils__isnull=True) | Q(max_pupils__gte=self.min_pupils)
        )
        if self.max_pupils is not None:
            overlapping = overlapping.filter(min_pupils__lte=self.max_pupils)
        clash = overlapping.first()
        if clash is not None:
            raise ValidationError(f"This band overlaps another band for the same year: {clash}.")

    def fits(self, phase: str, pupils: int | None) -> bool:
        pupils = pupils or 0
        return (
            (not self.phase or self.phase == phase)
            and self.min_pupils <= pupils
            and (self.max_pupils is None or pupils <= self.max_pupils)
        )


class MembershipFee(models.Model):
    """A member school's subscription for one academic year, and when it was invoiced and paid."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="fees")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="fees")
    academic_year = models.PositiveSmallIntegerField()
    band = models.ForeignKey(
        FeeBand, null=True, blank=True, on_delete=models.SET_NULL, related_name="fees"
    )
    amount = models.DecimalField("fee (£)", max_digits=8, decimal_places=2)
    invoiced_on = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = HubOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "school__name"]
        indexes = [models.Index(fields=["hub", "academic_year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                name="fee_one_per_school_year",
                violation_error_message="This school already has a fee for that year.",
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(invoiced_on__isnull=False),
                name="fee_invoiced_before_paid",
                violation_error_message="Record when the fee was invoiced before it is paid.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {self.academic_year}: £{self.amount}"

    def clean(self):
        super().clean()
        if self.paid_on and not self.invoiced_on:
            raise ValidationError({"invoiced_on": "Record when it was invoiced before it is paid."})
        if self.paid_on and self.invoiced_on and self.paid_on < self.invoiced_on:
            raise ValidationError({"paid_on": "A fee cannot be paid before it is invoiced."})

    @property
    def status(self) -> str:
        if self.paid_on:
            return "Paid"
        return "Invoiced" if self.invoiced_on else "Not invoiced"


class MembershipChange(models.Model):
    """A joiner, leaver or move a hub manager records, which the central team then confirms."""

    class Kind(models.TextChoices):
        JOIN = "join", "Joins the hub"
        LEAVE = "leave", "Leaves the network"
        MOVE = "move", "Moves to another hub"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the central team"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="membership_changes")
    hub = models.ForeignKey(
        Hub,
        on_delete=models.CASCADE,
        related_name="membership_changes",
        help_text="The hub that records it: the one joined, left or moved from.",
    )
    to_hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    effective_on = models.DateField()
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    objects = HubOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(status="pending"),
                name="membership_change_one_pending_per_school",
                violation_error_message="This school already has a change awaiting confirmation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school.name}: {self.get_kind_display()} on {date_format(self.effective_on)}"

    def clean(self):
        super().clean()
        if not (self.school_id and self.hub_id):
            return
        if self.kind == self.Kind.MOVE:
            if not self.to_hub_id:
                raise ValidationError({"to_hub": "Say which hub the school moves to."})
            if self.to_hub_id == self.hub_id:
                raise ValidationError({"to_hub": "A school moves to a different hub."})
        elif self.to_hub_id:
            raise ValidationError({"to_hub": "Only a move goes to another hub."})
        current = self.school.hub_id
        if self.kind == self.Kind.JOIN and current is not None:
            raise ValidationError("This school is already in a hub; record a move instead.")
        if self.kind in (self.Kind.LEAVE, self.Kind.MOVE) and current != self.hub_id:
            raise ValidationError("This school is not a member of this hub.")


class ImportRun(models.Model):
    """One run of an import: who ran it, on which file, and what it did."""

    class Kind(models.TextChoices):
        GIAS = "gias", "GIAS establishments"
        MEMBERSHIPS = "memberships", "Hub memberships"
        # Published data, imported by publicdata (which registers its importers with hubs.tasks).
        LINKS = "links", "GIAS links"
        OFSTED = "ofsted", "Ofsted inspections"
        KS2 = "ks2", "KS2 results"
        KS4 = "ks4", "KS4 results"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    dry_run = models.BooleanField()
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    # A run from the import pages is a background job: the page queues it and shows its state.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    # The uploaded file, by its name in the default storage.
    upload = models.CharField(max_length=255, blank=True)
    job_id = models.BigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the import page shows at the end (hubs.imports.result_for_page).
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    # What the importer needs besides the file (e.g. the academic year of exam results).
    options = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords(excluded_fields=["result"])

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import of {self.file_name}"

    @classmethod
    def record(cls, run: "ImportRun | None", **outcome) -> "ImportRun":
        """Records what an import did: on the page's queued run, or as a new run (commands)."""
        if run is None:
            return cls.objects.create(**outcome)
        for name, value in outcome.items():
            setattr(run, name, value)
        run.save()
        return run

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
