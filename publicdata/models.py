"""Published data about schools: GIAS links between URNs, Ofsted inspections, exam results with
their national averages, and designations held over time.

Inspections and exam results are kept by URN, as published, for every school in the file, so a
school the network takes on later already has its history, and a predecessor's records stay
under the URN they were published for. A school's chain of URNs (SchoolLink) brings them
together on its profile and in the figures.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from hubs.choices import OfstedFramework, OfstedGrade, ReportCardArea, ReportCardGrade
from hubs.models import School, urn_validator
from hubs.years import academic_year_end, academic_year_label, academic_year_start

CHAIN_SQL = """
WITH RECURSIVE chain(urn, depth) AS (
    SELECT %s::varchar, 0
    UNION
    SELECT CASE WHEN link.predecessor_urn = chain.urn
                THEN link.successor_urn ELSE link.predecessor_urn END,
           chain.depth + 1
    FROM publicdata_schoollink link
    JOIN chain ON chain.urn IN (link.predecessor_urn, link.successor_urn)
    WHERE chain.depth < %s
)
SELECT * FROM publicdata_schoollink
WHERE predecessor_urn IN (SELECT urn FROM chain) OR successor_urn IN (SELECT urn FROM chain)
ORDER BY established_on NULLS FIRST, predecessor_urn, successor_urn
"""


class SchoolLinkQuerySet(models.QuerySet):
    def chain_of(self, urn: str, depth: int = 8) -> list["SchoolLink"]:
        """Every link reachable from the URN, either way, in one query."""
        return list(self.model.objects.raw(CHAIN_SQL, [urn, depth]))


def ancestors(urn: str, links: list["SchoolLink"]) -> list[str]:
    """The URNs whose history this URN carries on, nearest first (from a chain_of list)."""
    before: dict[str, list[str]] = {}
    for link in links:
        if link.kind in SchoolLink.Kind.carried_over():
            before.setdefault(link.successor_urn, []).append(link.predecessor_urn)
    found: list[str] = []
    queue = [urn]
    while queue:
        for predecessor in before.get(queue.pop(0), []):
            if predecessor not in found and predecessor != urn:
                found.append(predecessor)
                queue.append(predecessor)
    return found


class SchoolLink(models.Model):
    """One GIAS link: the predecessor URN was followed by the successor URN."""

    class Kind(models.TextChoices):
        SUCCESSOR = "successor", "Successor (e.g. academy conversion or re-opening)"
        MERGED = "merged", "Merged"
        AMALGAMATED = "amalgamated", "Amalgamated"
        SPLIT = "split", "Split"
        OTHER = "other", "Other link"

        @classmethod
        def carried_over(cls) -> list[str]:
            """Links along which a school's history moves to the new URN."""
            return [cls.SUCCESSOR, cls.MERGED, cls.AMALGAMATED]

    predecessor_urn = models.CharField(max_length=6, validators=[urn_validator])
    successor_urn = models.CharField(max_length=6, validators=[urn_validator])
    kind = models.CharField(max_length=20, choices=Kind.choices)
    link_type = models.CharField("GIAS link type", max_length=100, help_text="As GIAS words it.")
    established_on = models.DateField(null=True, blank=True)
    objects = SchoolLinkQuerySet.as_manager()

    class Meta:
        ordering = ["established_on", "predecessor_urn"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor_urn", "successor_urn"], name="school_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor_urn=models.F("successor_urn")),
                name="school_link_not_to_itself",
            ),
        ]
        indexes = [models.Index(fields=["successor_urn"])]

    def __str__(self) -> str:
        return f"{self.predecessor_urn} → {self.successor_urn} ({self.link_type})"


class InspectionQuerySet(models.QuerySet):
    def judged(self) -> "InspectionQuerySet":
        """Inspections that gave judgements (graded or report card), not ungraded visits."""
        return self.filter(~Q(overall="") | ~Q(quality_of_education="") | ~Q(report_card={}))


GRADE_FIELDS = (
    "overall",
    "quality_of_education",
    "behaviour_and_attitudes",
    "personal_development",
    "leadership_and_management",
    "early_years",
    "sixth_form",
)


def grade_field(label: str) -> models.CharField:
    return models.CharField(label, max_length=30, choices=OfstedGrade.choices, blank=True)


class Inspection(models.Model):
    """One Ofsted inspection of a school, under the framework it was made under."""

    urn = models.CharField("URN", max_length=6, validators=[urn_validator])
    inspection_number = models.CharField(max_length=20, unique=True)
    inspection_type = models.CharField(max_length=100, blank=True)
    start_date = models.DateField()
    publication_date = models.DateField(null=True, blank=True)
    framework = models.CharField(max_length=20, choices=OfstedFramework.choices)
    # Graded framework: an overall grade until September 2024, key judgements throughout.
    overall = grade_field("Overall effectiveness")
    quality_of_education = grade_field("Quality of education")
    behaviour_and_attitudes = grade_field("Behaviour and attitudes")
    personal_development = grade_field("Personal development")
    leadership_and_management = grade_field("Leadership and management")
    early_years = grade_field("Early years provision")
    sixth_form = grade_field("Sixth form provision")
    # Report card framework (from November 2025): a grade per area and safeguarding met or not.
    report_card = models.JSONField(default=dict, blank=True)
    safeguarding_met = models.BooleanField(null=True, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["urn", "-start_date"], name="inspection_urn_date")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(framework=OfstedFramework.REPORT_CARD_2025) | Q(overall=""),
                name="inspection_report_card_no_overall",
            ),
        ]

    def __str__(self) -> str:
        return f"Inspection {self.inspection_number} of {self.urn}"

    def clean(self):
        super().clean()
        if self.framework == OfstedFramework.REPORT_CARD_2025:
            if any(getattr(self, name) for name in GRADE_FIELDS):
                raise ValidationError("A report card has area grades, not graded judgements.")
        elif self.report_card:
            raise ValidationError({"report_card": "Area grades belong to the report card."})
        for area, grade in (self.report_card or {}).items():
            if area not in ReportCardArea.values or grade not in ReportCardGrade.values:
                raise ValidationError(
                    {"report_card": f"'{area}: {grade}' is not a report card area grade."}
                )

    @property
    def is_judged(self) -> bool:
        return bool(self.overall or self.quality_of_education or self.report_card)

    @property
    def report_card_grades(self) -> list[tuple[str, str]]:
        grades = dict(ReportCardGrade.choices)
        return [
            (label, grades[self.report_card[area]])
            for area, label in ReportCardArea.choices
            if area in self.report_card
        ]

    @property
    def key_judgements(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, f"get_{name}_display")())
            for name in GRADE_FIELDS[1:]
            if getattr(self, name)
        ]


class Measure(models.TextChoices):
    KS2_RWM_EXPECTED = "ks2_rwm_expected", "KS2 % meeting the expected standard in RWM"
    KS4_ATTAINMENT_8 = "ks4_attainment_8", "KS4 Attainment 8"
    KS4_PROGRESS_8 = "ks4_progress_8", "KS4 Progress 8"
    KS4_ENGLISH_MATHS_5 = "ks4_english_maths_5", "KS4 % grade 5 or above in English and maths"

    @classmethod
    def for_key_stage(cls, key_stage: int) -> list["Measure"]:
        return [m for m in cls if m.value.startswith(f"ks{key_stage}_")]


# What each published marker means; a marker is kept as such, never read as zero.
MARKERS = {
    "SUPP": "suppressed (too few pupils)",
    "NE": "no entries",
    "NP": "not published",
    "NA": "not applicable",
    "LOWCOV": "low coverage",
    "x": "not available",
    "z": "not applicable",
    "c": "confidential",
    "DNS": "did not submit",
    "NEW": "new school",
    "LOW": "low",
}


class ResultFields(models.Model):
    academic_year = models.PositiveSmallIntegerField(help_text="The year it starts, e.g. 2024.")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    marker = models.CharField(
        max_length=10, blank=True, help_text="A published marker such as SUPP or NE instead."
    )

    class Meta:
        abstract = True

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def shown(self) -> str:
        return self.marker if self.value is None else f"{self.value.normalize():f}"


def value_or_marker(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(value__isnull=True) & ~Q(marker="")) | (Q(value__isnull=False) & Q(marker="")),
        name=f"{prefix}_value_or_marker",
    )


class ExamResult(ResultFields):
    """A school's published figure for one measure in one year."""

    urn = models.CharField("URN", max_length=6, validators=[urn_validator])

    class Meta:
        ordering = ["academic_year", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "academic_year", "measure"], name="exam_result_unique"
            ),
            value_or_marker("exam_result"),
        ]

    def __str__(self) -> str:
        return f"{self.urn} {self.academic_year_label} {self.get_measure_display()}: {self.shown}"


class NationalResult(ResultFields):
    """The national figure (all state-funded schools in England) for a measure and year."""

    class Meta:
        ordering = ["academic_year", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "measure"], name="national_result_unique"
            ),
            value_or_marker("national_result"),
        ]

    def __str__(self) -> str:
        return f"England {self.academic_year_label} {self.get_measure_display()}: {self.shown}"


class DesignationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DesignationQuerySet":
        return self.filter(school__in=School.objects.visible_to(user))

    def held_in(self, academic_year: int) -> "DesignationQuerySet":
        """Designations held on any day of the academic year."""
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=academic_year_start(academic_year)),
            starts_on__lte=academic_year_end(academic_year),
        )


class Designation(models.Model):
    """A designation a school (or one of its leaders) held from one date to another."""

    class Kind(models.TextChoices):
        NLE = "nle", "National Leader of Education"
        SLE = "sle", "Specialist Leader of Education"
        TEACHING_SCHOOL = "teaching_school", "Teaching school"
        TEACHING_SCHOOL_ALLIANCE = "alliance", "Teaching school alliance (lead school)"
        TEACHING_SCHOOL_HUB = "teaching_school_hub", "Teaching school hub"
        RESEARCH_SCHOOL = "research_school", "Research school"

        @classmethod
        def for_people(cls) -> list[str]:
            return [cls.NLE, cls.SLE]

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="designations")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    holder = models.CharField(
        max_length=200, blank=True, help_text="The person, for NLE and SLE designations."
    )
    detail = models.CharField(
        max_length=200, blank=True, help_text="e.g. the alliance's name or the SLE's specialism."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Blank while it is held.")
    history = HistoricalRecords()
    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-starts_on"]
        indexes = [models.Index(fields=["kind", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="designation_dates_in_order",
                violation_error_message="A designation cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        who = f"{self.holder}, " if self.holder else ""
        return f"{self.get_kind_display()}: {who}{self.school.name}"

    def clean(self):
        super().clean()
        if self.kind in self.Kind.for_people() and not self.holder.strip():
            raise ValidationError({"holder": "Name the leader who holds this designation."})
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A designation cannot end before it starts."})
