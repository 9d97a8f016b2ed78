"""Feedback after completion: 1 to 10, once, from the requesting side."""

import pytest
from django.urls import reverse

from brokering.models import Feedback, Status, SupportRequest

pytestmark = pytest.mark.django_db


def _post(client, request, **data):
    url = reverse("brokering:feedback_give", args=[request.pk])
    response = client.post(url, {"comment": "", **data}, follow=True)
    return " ".join(str(m) for m in response.context["messages"])


def test_feedback_before_completion_is_refused(client_for, contact_b, request_b):
    text = _post(client_for(contact_b), request_b, quality_rating=8, service_rating=8)

    assert "once the support is completed" in text
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("quality,service", [(0, 5), (11, 5), (5, 0), (5, 11)])
def test_ratings_out_of_range_are_refused(client_for, contact_b, request_b, quality, service):
    SupportRequest.objects.filter(pk=request_b.pk).update(status=Status.COMPLETED)

    text = _post(client_for(contact_b), request_b, quality_rating=quality, service_rating=service)

    assert "Ratings run from 1 to 10." in text
    assert not Feedback.objects.exists()


def test_feedback_is_given_once(client_for, contact_b, request_b):
    SupportRequest.objects.filter(pk=request_b.pk).update(status=Status.COMPLETED)
    client = client_for(contact_b)

    _post(client, request_b, quality_rating=7, service_rating=9)
    text = _post(client, request_b, quality_rating=2, service_rating=2)

    assert "already been given" in text
    feedback = Feedback.objects.get()
    assert (feedback.quality_rating, feedback.service_rating, feedback.given_by) == (
        7,
        9,
        contact_b,
    )


def test_the_database_refuses_ratings_out_of_range(request_b):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(request=request_b, quality_rating=11, service_rating=5)
