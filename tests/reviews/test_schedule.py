"""Scheduling a review: the school is found by name or URN among those the user sees; the school
profile and the dashboard offer "Schedule a review"; a form sent twice schedules once."""

import datetime
import uuid

import pytest
from django.urls import reverse

from reviews.models import AreaOfExcellence, ReportShare, Review, TeamMember
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import (
    ReviewerFactory,
    current_framework,
    practice_area,
    published_review,
    review_kind,
)


@pytest.fixture(autouse=True)
def framework(db):
    current_framework()


def _data(school: str, **extra) -> dict:
    return {
        "school": school,
        "kind": "annual",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-04",
        "submission_token": str(uuid.uuid4()),
        **extra,
    }


def test_a_school_is_found_by_part_of_its_name(client_for, central_team, hub_a):
    school = SchoolFactory(name="Quillington Primary", hub=hub_a)
    response = client_for(central_team).post(reverse("reviews:create"), _data("quillington"))

    assert response.status_code == 302
    assert Review.objects.get().school == school


def test_several_matches_are_offered_and_a_pick_keeps_the_dates(client_for, central_team, hub_a):
    SchoolFactory(name="Zephyr North", hub=hub_a)
    south = SchoolFactory(name="Zephyr South", hub=hub_a)
    client = client_for(central_team)
    data = _data("zephyr")
    response = client.post(reverse("reviews:create"), data)

    page = response.content.decode()
    assert "Several schools match" in page
    assert f'type="radio" name="school_pick" value="{south.urn}"' in page
    assert 'value="2026-03-02"' in page
    response = client.post(reverse("reviews:create"), {**data, "school_pick": south.urn})
    assert response.status_code == 302
    assert Review.objects.get().school == south


def test_the_search_offers_at_most_ten(client_for, central_team, hub_a):
    for n in range(12):
        SchoolFactory(name=f"Yarrow {n:02d}", hub=hub_a)
    response = client_for(central_team).post(reverse("reviews:create"), _data("yarrow"))
    assert len(response.context["form"].school_choices) == 10
    assert "type more of the name" in response.content.decode()


def test_an_unknown_school_is_refused(client_for, central_team):
    response = client_for(central_team).post(reverse("reviews:create"), _data("Nowhere at all"))
    assert "No school has that name or URN." in response.content.decode()
    assert not Review.objects.exists()


def test_the_profile_link_fills_the_school_in(client_for, central_team, school_a):
    client = client_for(central_team)
    profile = client.get(school_a.get_absolute_url()).content.decode()
    assert f"{reverse('reviews:create')}?school={school_a.urn}" in profile
    form = client.get(reverse("reviews:create"), {"school": school_a.urn}).context["form"]
    assert form["school"].value() == school_a.urn


def test_the_profile_has_no_schedule_action_for_a_hub_manager(client_for, hub_manager_a, school_a):
    profile = client_for(hub_manager_a).get(school_a.get_absolute_url()).content.decode()
    assert "Schedule a review" not in profile


def test_the_central_teams_dashboard_offers_to_schedule(client_for, central_team):
    page = client_for(central_team).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("reviews:create")}">Schedule a review' in page


def test_the_same_form_sent_twice_schedules_once(client_for, central_team, school_a):
    client = client_for(central_team)
    data = _data(school_a.urn)
    first = client.post(reverse("reviews:create"), data)
    second = client.post(reverse("reviews:create"), data, follow=True)

    review = Review.objects.get()
    assert first.url == review.get_absolute_url()
    assert second.redirect_chain[-1][0] == review.get_absolute_url()
    assert "nothing new was saved" in second.content.decode()


def test_add_team_member_nominate_and_share_are_sent_once(
    client_for, central_team, contact_a, school_b
):
    review = Review.objects.create(
        school=SchoolFactory(),
        kind=review_kind(),
        academic_year=2025,
        framework=current_framework(),
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 4),
    )
    reviewer = ReviewerFactory()
    client = client_for(central_team)
    add = {"version": review.version, "reviewer": reviewer.pk, "role": "peer"}
    add["submission_token"] = str(uuid.uuid4())
    client.post(reverse("reviews:team_add", args=[review.pk]), add)
    add["version"] = review.version + 1  # even with a fresh version, the token is spent
    client.post(reverse("reviews:team_add", args=[review.pk]), add)
    assert TeamMember.objects.filter(review=review).count() == 1

    nominate = {
        "practice_area": practice_area().pk,
        "description": "Phonics",
        "submission_token": str(uuid.uuid4()),
    }
    client.post(reverse("reviews:nominate", args=[review.pk]), nominate)
    nominate["description"] = "Changed on a repeat"
    client.post(reverse("reviews:nominate", args=[review.pk]), nominate)
    assert AreaOfExcellence.objects.get(review=review).description == "Phonics"

    shared = published_review(school=contact_a.school_contacts.get().school)
    share = {"urn": school_b.urn, "submission_token": str(uuid.uuid4())}
    school_client = client_for(contact_a)
    school_client.post(reverse("reviews:share", args=[shared.pk]), share)
    response = school_client.post(reverse("reviews:share", args=[shared.pk]), share, follow=True)
    assert ReportShare.objects.filter(review=shared).count() == 1
    assert "nothing new was saved" in response.content.decode()
