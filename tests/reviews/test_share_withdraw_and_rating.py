"""A school withdraws a report share (the history keeps it); only its headteacher rates a
review."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import HeadteacherFeedback, ReportShare, Review
from tests.factories.hubs import SchoolContactFactory


@pytest.fixture
def deputy_a(school_a):
    """A contact of school A who is not its headteacher."""
    return SchoolContactFactory(school=school_a, is_headteacher=False).user


def test_withdrawing_a_share_closes_the_report_to_that_school_and_keeps_the_history(
    client_for, contact_a, contact_b, review_a, school_b
):
    share = services.report_share(review=review_a, school=school_b, by=contact_a)
    url = reverse("reviews:share_withdraw", args=[review_a.pk, share.pk])

    response = client_for(contact_a).post(url)

    assert response.status_code == 302
    assert review_a not in Review.objects.visible_to(contact_b)
    kinds = list(
        ReportShare.history.filter(id=share.pk)
        .order_by("history_date")
        .values_list("history_type", "history_user")
    )
    assert kinds == [("+", None), ("-", contact_a.pk)]


def test_withdrawing_twice_says_it_is_already_withdrawn(client_for, contact_a, review_a, school_b):
    share = services.report_share(review=review_a, school=school_b, by=contact_a)
    url = reverse("reviews:share_withdraw", args=[review_a.pk, share.pk])
    client = client_for(contact_a)
    client.post(url)

    response = client.post(url, follow=True)

    assert b"already been withdrawn" in response.content


def test_the_hub_manager_may_not_withdraw_the_schools_share(
    client_for, hub_manager_a, contact_a, review_a, school_b
):
    share = services.report_share(review=review_a, school=school_b, by=contact_a)

    response = client_for(hub_manager_a).post(
        reverse("reviews:share_withdraw", args=[review_a.pk, share.pk])
    )

    assert response.status_code == 403
    assert ReportShare.objects.filter(pk=share.pk).exists()


def test_a_contact_who_is_not_the_headteacher_may_not_rate_the_review(
    client_for, deputy_a, review_a
):
    client = client_for(deputy_a)

    page = client.get(review_a.get_absolute_url())
    response = client.post(
        reverse("reviews:feedback", args=[review_a.pk]),
        {"impact_rating": 8, "development_rating": 8, "comment": "", "submission_token": "x"},
    )

    assert b"Give feedback on the review" not in page.content
    assert response.status_code == 403
    assert not HeadteacherFeedback.objects.exists()


def test_the_headteacher_is_offered_the_rating(client_for, contact_a, review_a):
    response = client_for(contact_a).get(review_a.get_absolute_url())

    assert b"Give feedback on the review" in response.content
