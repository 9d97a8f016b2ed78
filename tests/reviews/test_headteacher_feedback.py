"""The headteacher rates a published review, 1 to 10 twice, through the school contact's login."""

import uuid

from django.urls import reverse

from reviews.forms import FeedbackForm
from reviews.models import HeadteacherFeedback


def _token() -> str:
    return str(uuid.uuid4())


def test_the_school_contact_rates_the_published_review(client_for, contact_b, review_b):
    response = client_for(contact_b).post(
        reverse("reviews:feedback", args=[review_b.pk]),
        {
            "impact_rating": "8",
            "development_rating": "10",
            "comment": "Sharp and kind.",
            "submission_token": _token(),
        },
    )

    assert response.status_code == 302
    feedback = HeadteacherFeedback.objects.get(review=review_b)
    assert (feedback.impact_rating, feedback.development_rating) == (8, 10)
    assert feedback.given_by == contact_b


def test_a_rating_outside_one_to_ten_is_refused_and_nothing_saved(client_for, contact_b, review_b):
    response = client_for(contact_b).post(
        reverse("reviews:feedback", args=[review_b.pk]),
        {"impact_rating": "11", "development_rating": "0"},
    )

    assert response.status_code == 200
    assert "impact_rating" in response.context["form"].errors
    assert "development_rating" in response.context["form"].errors
    assert not HeadteacherFeedback.objects.filter(review=review_b).exists()


def test_another_schools_contact_cannot_rate_it(client_for, contact_b, review_a):
    response = client_for(contact_b).post(
        reverse("reviews:feedback", args=[review_a.pk]),
        {"impact_rating": "8", "development_rating": "8"},
    )

    assert response.status_code == 404
    assert not HeadteacherFeedback.objects.exists()


def test_the_ratings_start_empty():
    form = FeedbackForm()
    for name in ("impact_rating", "development_rating"):
        assert form[name].value() is None
        assert 'value="" selected' in str(form[name])


def test_an_untouched_form_is_refused_and_keeps_the_comment(client_for, contact_b, review_b):
    response = client_for(contact_b).post(
        reverse("reviews:feedback", args=[review_b.pk]),
        {
            "impact_rating": "",
            "development_rating": "",
            "comment": "Kept",
            "submission_token": _token(),
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["impact_rating"] == [
        "Choose a rating from 1 to 10 for the impact on the school improvement plan."
    ]
    assert "development_rating" in errors
    assert "Kept" in response.content.decode()
    assert not HeadteacherFeedback.objects.filter(review=review_b).exists()


def test_the_same_form_sent_twice_saves_once(client_for, contact_b, review_b):
    client = client_for(contact_b)
    url = reverse("reviews:feedback", args=[review_b.pk])
    token = _token()
    client.post(url, {"impact_rating": "8", "development_rating": "9", "submission_token": token})
    response = client.post(
        url, {"impact_rating": "2", "development_rating": "2", "submission_token": token}
    )

    assert response.status_code == 302
    feedback = HeadteacherFeedback.objects.get(review=review_b)
    assert (feedback.impact_rating, feedback.development_rating) == (8, 9)
    assert feedback.history.count() == 1
