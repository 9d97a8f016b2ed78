"""The annual member survey: each member school's leaders answer once a year.

"Would you recommend the network?" is asked on the 0-10 scale (so the share of promoters, 9-10,
and detractors, 0-6, can be reported), and satisfaction with each service on a five-point scale
with "not used" left blank. Only aggregates of at least five responses are ever shown
(`survey.figures`); single answers are not shown on any page.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from hubs.models import Hub, School


class Satisfaction(models.IntegerChoices):
    VERY_DISSATISFIED = 1, "Very dissatisfied"
    DISSATISFIED = 2, "Dissatisfied"
    NEUTRAL = 3, "Neither satisfied nor dissatisfied"
    SATISFIED = 4, "Satisfied"
    VERY_SATISFIED = 5, "Very satisfied"


# The services asked about: (field, label).
SERVICES = [
    ("qa_review", "QA review"),
    ("brokering", "Brokering of support"),
    ("programmes", "Programmes"),
    ("events", "Events"),
    ("hub", "The school's hub"),
]


def satisfaction_field(label: str):
    return models.PositiveSmallIntegerField(
        f"satisfaction: {label}",
        choices=Satisfaction.choices,
        null=True,
        blank=True,
        help_text="Leave blank if the school did not use it this year.",
    )


class SurveyResponse(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="survey_responses")
    # The school's hub when it answered: a school that moves later still counts where it was.
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    academic_year = models.PositiveSmallIntegerField()
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommend = models.PositiveSmallIntegerField(
        "how likely are you to recommend the network to another school (0-10)?",
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    satisfaction_qa_review = satisfaction_field("QA review")
    satisfaction_brokering = satisfaction_field("Brokering of support")
    satisfaction_programmes = satisfaction_field("Programmes")
    satisfaction_events = satisfaction_field("Events")
    satisfaction_hub = satisfaction_field("The school's hub")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["academic_year", "hub"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                name="survey_one_response_per_school_year",
                violation_error_message="This school has already answered this year's survey.",
            ),
            models.CheckConstraint(
                condition=Q(recommend__gte=0, recommend__lte=10), name="survey_recommend_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.academic_year}"
