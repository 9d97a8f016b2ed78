"""The headteacher rates a published review, 1 to 10 twice, through the school contact's login."""

from django.urls import reverse

from reviews.models import HeadteacherFeedback


def test_the_school_contact_rates_the_published_review(client_for, contact_b, review_b):
    response = client_for(contact_b).post(
        reverse("reviews:feedback", args=[review_b.pk]),
        {"impact_rating": "8", "development_rating": "10", "comment": "Sharp and kind."},
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
