"""Raising a request in one click from an even better if on a published review."""

import datetime
import uuid

import pytest
from django.urls import reverse

from brokering.models import Status, SupportRequest
from reviews.models import Review
from tests.factories.brokering import EvenBetterIfFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ebi_b(school_b, maths):
    return EvenBetterIfFactory(review=ReviewFactory(school=school_b), practice_area=maths)


def test_contact_raises_a_request_from_an_ebi_and_lands_on_it(client_for, contact_b, ebi_b, maths):
    response = client_for(contact_b).post(reverse("brokering:request_from_ebi", args=[ebi_b.pk]))

    request = SupportRequest.objects.get()
    assert response.url == request.get_absolute_url()
    assert (request.ebi, request.source, request.status) == (
        ebi_b,
        SupportRequest.Source.EBI,
        Status.SUBMITTED,
    )
    assert list(request.practice_areas.all()) == [maths]
    assert request.needed == ebi_b.text
    assert request.target_date > datetime.date(2026, 1, 1)


def test_a_second_click_opens_the_same_request(client_for, contact_b, ebi_b):
    client = client_for(contact_b)
    url = reverse("brokering:request_from_ebi", args=[ebi_b.pk])

    first = client.post(url)
    second = client.post(url)

    assert SupportRequest.objects.count() == 1
    assert first.url == second.url


def test_hub_manager_raises_from_an_ebi_of_their_hubs_school(
    client_for, hub_manager_a, school_a, maths
):
    ebi = EvenBetterIfFactory(review=ReviewFactory(school=school_a), practice_area=maths)

    client_for(hub_manager_a).post(reverse("brokering:request_from_ebi", args=[ebi.pk]))

    assert SupportRequest.objects.get().school == school_a


@pytest.mark.parametrize("who", ["hub_manager_a", "senior_partner_a"])
def test_an_ebi_of_another_school_is_not_found(request, client_for, who, ebi_b):
    client = client_for(request.getfixturevalue(who))

    response = client.post(reverse("brokering:request_from_ebi", args=[ebi_b.pk]))

    assert response.status_code == 404
    assert not SupportRequest.objects.exists()


def test_an_ebi_of_an_unpublished_review_is_not_found(client_for, contact_b, ebi_b):
    Review.objects.filter(pk=ebi_b.review_id).update(status=Review.Status.REPORT_DRAFTED)

    response = client_for(contact_b).post(reverse("brokering:request_from_ebi", args=[ebi_b.pk]))

    assert response.status_code == 404


def test_an_ebi_without_an_area_opens_the_form_prefilled(client_for, contact_b, school_b, maths):
    ebi = EvenBetterIfFactory(review=ReviewFactory(school=school_b), practice_area=None)
    client = client_for(contact_b)

    response = client.post(reverse("brokering:request_from_ebi", args=[ebi.pk]), follow=True)

    assert not SupportRequest.objects.exists()
    assert ebi.text in response.content.decode()
    client.post(
        reverse("brokering:request_create"),
        {
            "ebi": ebi.pk,
            "school": school_b.pk,
            "practice_areas": [maths.pk],
            "needed": ebi.text,
            "preferred_format": "remote",
            "target_date": "2027-05-01",
            "submission_token": uuid.uuid4(),
        },
    )
    assert SupportRequest.objects.get().ebi == ebi
