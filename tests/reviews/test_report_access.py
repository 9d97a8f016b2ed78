"""Who may read a QA report: the school's contacts, its hub's manager and senior partner, the
central team, and contacts of a school it was shared with. Nobody else."""

import uuid

from reviews import services
from reviews.models import Review


def test_central_team_reads_every_report(central_team, review_a, review_b):
    assert set(Review.objects.visible_to(central_team)) == {review_a, review_b}


def test_hub_manager_reads_only_their_hubs_reports(hub_manager_a, review_a, review_b):
    assert list(Review.objects.visible_to(hub_manager_a)) == [review_a]


def test_senior_partner_reads_only_their_hubs_reports(senior_partner_a, review_a, review_b):
    assert list(Review.objects.visible_to(senior_partner_a)) == [review_a]


def test_school_contact_reads_only_their_own_schools_reports(contact_b, review_a, review_b):
    assert list(Review.objects.visible_to(contact_b)) == [review_b]


def test_user_without_a_role_reads_nothing(outsider, review_a, review_b):
    assert not Review.objects.visible_to(outsider).exists()


def test_anonymous_reads_nothing(review_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Review.objects.visible_to(AnonymousUser()).exists()


def test_contacts_of_a_school_the_report_was_shared_with_may_read_it(
    contact_a, contact_b, review_a, review_b
):
    assert review_a not in Review.objects.visible_to(contact_b)
    services.report_share(review=review_a, school=review_b.school, by=contact_a)
    assert set(Review.objects.visible_to(contact_b)) == {review_a, review_b}
    # Sharing A's report does not open B's to A.
    assert list(Review.objects.visible_to(contact_a)) == [review_a]


def test_share_is_recorded_with_who_shared(contact_a, review_a, school_b):
    share = services.report_share(review=review_a, school=school_b, by=contact_a)
    share.refresh_from_db()
    assert share.shared_by == contact_a
    assert share.shared_at is not None


def test_school_contact_reads_own_report_page(client_for, contact_a, review_a):
    response = client_for(contact_a).get(review_a.get_absolute_url())
    assert response.status_code == 200
    assert b"Give feedback on the review" in response.content


def test_shared_school_contact_opens_the_shared_report(client_for, contact_a, contact_b, review_a):
    url = review_a.get_absolute_url()
    assert client_for(contact_b).get(url).status_code == 404
    client_for(contact_a).post(
        f"/reviews/{review_a.pk}/share/",
        {
            "urn": contact_b.school_contacts.get().school.urn,
            "submission_token": str(uuid.uuid4()),
        },
    )
    assert client_for(contact_b).get(url).status_code == 200
