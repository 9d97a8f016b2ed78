"""A framework a published review uses is frozen; it changes by copying it as a new version."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import EstimateHeading, Framework, Grade
from tests.factories.reviews import ReviewFactory, published_review


@pytest.fixture
def used(school_a):
    return published_review(school=school_a).framework


def test_adding_a_heading_to_a_framework_a_published_review_uses_is_refused(used):
    heading = EstimateHeading(framework=used, position=99, title="A new heading")

    with pytest.raises(ValidationError, match="copy it as a new version"):
        heading.full_clean()


def test_changing_a_grade_or_the_name_of_a_used_framework_is_refused(used):
    grade = used.grades.first()
    grade.label = "Renamed"
    used.name = "Renamed"

    with pytest.raises(ValidationError):
        grade.full_clean()
    with pytest.raises(ValidationError):
        used.full_clean()


def test_a_framework_only_planned_reviews_use_may_still_change(school_a):
    framework = ReviewFactory(school=school_a).framework

    EstimateHeading(framework=framework, position=99, title="A new heading").full_clean()


def test_a_copy_has_the_same_headings_and_grades_and_may_change(used):
    copy = used.copy_as_new_version()

    assert list(copy.headings.values_list("position", "title")) == list(
        used.headings.values_list("position", "title")
    )
    assert list(copy.grades.values_list("position", "label")) == list(
        used.grades.values_list("position", "label")
    )
    assert copy.effective_from_year == used.effective_from_year + 1
    EstimateHeading(framework=copy, position=99, title="A new heading").full_clean()


def test_the_admin_shows_a_used_framework_read_only_and_copies_it(client_for, central_team, used):
    central_team.is_staff = central_team.is_superuser = True
    central_team.save()
    client = client_for(central_team)
    change_url = reverse("admin:reviews_framework_change", args=[used.pk])

    refused = client.post(change_url, {"name": "Renamed", "effective_from_year": 2000})
    client.post(
        reverse("admin:reviews_framework_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [used.pk]},
    )

    used.refresh_from_db()
    assert refused.status_code == 403
    assert used.name != "Renamed"
    assert Framework.objects.count() == 2
    assert Grade.objects.filter(framework__name__endswith="(new version)").exists()
