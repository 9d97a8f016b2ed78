"""The network's own money: income by source, a budget for each activity agreed by the senior
partners, and a forecast of each activity's spend by quarter.

Spend itself is the hubs' SpendEntry rows and membership fees are hubs' MembershipFee rows;
`finance.figures` adds them up beside these.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from hubs.access import scope_for
from hubs.models import SpendCategory
from hubs.years import academic_year_of

PENNY = Decimal("0.01")


class IncomeSource(models.TextChoices):
    """Membership fees are not entered here: they are the schools' fees, added up."""

    GRANT = "grant", "Grants"
    PROGRAMME = "programme", "Programme income"
    OTHER = "other", "Other income"


class NetworkQuerySet(models.QuerySet):
    """The network's finances are the central team's: nobody else sees a row."""

    def visible_to(self, user):
        return self.all() if scope_for(user).whole_network else self.none()


class IncomeEntry(models.Model):
    source = models.CharField(max_length=20, choices=IncomeSource.choices)
    received_on = models.DateField("received on")
    academic_year = models.PositiveSmallIntegerField(editable=False, db_index=True)
    amount = models.DecimalField(
        "amount (£)", max_digits=10, decimal_places=2, validators=[MinValueValidator(PENNY)]
    )
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "income entries"
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="income_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.received_on}: £{self.amount}"

    def save(self, *args, **kwargs):
        self.academic_year = academic_year_of(self.received_on)
        super().save(*args, **kwargs)


class ActivityBudget(models.Model):
    """What the network plans to spend on one activity in a year, as its senior partners agreed."""

    academic_year = models.PositiveSmallIntegerField(help_text="Its first year: 2025 = 2025/26.")
    category = models.CharField("activity", max_length=20, choices=SpendCategory.choices)
    amount = models.DecimalField(
        "budget (£)", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    agreed_on = models.DateField("agreed on")
    agreed_by = models.CharField(
        max_length=300, help_text="The senior partners who agreed it, or the meeting's name."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "category"],
                name="budget_one_per_activity_year",
                violation_error_message="This activity already has a budget for that year.",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.academic_year}: £{self.amount}"


class Quarter(models.IntegerChoices):
    """Quarters of the academic year (September to August)."""

    Q1 = 1, "Q1 (Sep–Nov)"
    Q2 = 2, "Q2 (Dec–Feb)"
    Q3 = 3, "Q3 (Mar–May)"
    Q4 = 4, "Q4 (Jun–Aug)"


class SpendForecast(models.Model):
    academic_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(
        choices=Quarter.choices, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    category = models.CharField("activity", max_length=20, choices=SpendCategory.choices)
    amount = models.DecimalField(
        "forecast (£)", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "quarter", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "quarter", "category"],
                name="forecast_one_per_activity_quarter",
                violation_error_message="This activity already has a forecast for that quarter.",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="forecast_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.academic_year} Q{self.quarter}: £{self.amount}"

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "A forecast cannot be negative."})
