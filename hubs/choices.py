"""Coded values shared across the apps (GIAS codes mapped to these in the import)."""

from django.db import models


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SIXTEEN_PLUS = "16_plus", "16 plus"
    SPECIAL = "special", "Special"
    ALTERNATIVE_PROVISION = "ap", "Alternative provision (PRU)"


class Governance(models.TextChoices):
    ACADEMY_CONVERTER = "academy_converter", "Academy (converter)"
    ACADEMY_SPONSORED = "academy_sponsored", "Academy (sponsored)"
    FREE_SCHOOL = "free_school", "Free school"
    COMMUNITY = "community", "Maintained (community)"
    VOLUNTARY_AIDED = "voluntary_aided", "Maintained (voluntary aided)"
    VOLUNTARY_CONTROLLED = "voluntary_controlled", "Maintained (voluntary controlled)"
    FOUNDATION = "foundation", "Maintained (foundation)"
    INDEPENDENT = "independent", "Independent"
    OTHER = "other", "Other"

    @classmethod
    def academy_values(cls) -> list[str]:
        return [cls.ACADEMY_CONVERTER, cls.ACADEMY_SPONSORED, cls.FREE_SCHOOL]


class OfstedFramework(models.TextChoices):
    """Grades from different frameworks are never compared as if alike."""

    GRADED_2019 = "graded", "Graded inspection (to 2024)"
    REPORT_CARD_2025 = "report_card", "Report card (from November 2025)"


class OfstedGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class ReportCardGrade(models.TextChoices):
    EXCEPTIONAL = "exceptional", "Exceptional"
    STRONG = "strong", "Strong standard"
    EXPECTED = "expected", "Expected standard"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    URGENT_IMPROVEMENT = "urgent_improvement", "Urgent improvement"


class ReportCardArea(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership and governance"
    CURRICULUM = "curriculum", "Curriculum and teaching"
    ATTENDANCE = "attendance", "Attendance and behaviour"
    ACHIEVEMENT = "achievement", "Achievement"
    PERSONAL_DEVELOPMENT = "personal_development", "Personal development and wellbeing"
    INCLUSION = "inclusion", "Inclusion"
    EARLY_YEARS = "early_years", "Early years"
    SIXTH_FORM = "sixth_form", "Sixth form"
