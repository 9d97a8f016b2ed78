"""After publication: the school's improvement plan on each EBI, and the next review's record of
what became of each EBI.

Cast: Alder Primary (hub A) has a published review in 2024/25 with one EBI; its contact, hub A's
manager and senior partner, the central team, and Birch Academy's contact (hub B).
"""

import datetime
import uuid

import pytest
from django.urls import reverse

from reviews.models import EbiOutcome, ImprovementAction, Review
from tests.factories.reviews import EvenBetterIfFactory, ReviewFactory

# session, user, the user's scope; the review with its school and framework; the EBIs with
# their practice areas and outcomes; their actions with who updated them; the navigation and
# whether the user is a reviewer ("My reviews").
QUERIES_PLAN = 9


def _action(**overrides) -> dict:
    data = {
        "text": "Maths lead observes every class termly.",
        "owner": "Maths lead",
        "due_on": "2025-03-31",
        "rag": "amber",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    prefix = f"ebi-{data.pop('ebi')}"
    return {f"{prefix}-{key}": value for key, value in data.items()}


@pytest.fixture
def ebi(review_a):
    return review_a.ebis.get()


@pytest.fixture
def action(ebi):
    return ImprovementAction.objects.create(
        ebi=ebi,
        text="Book a moderation day.",
        owner="Deputy head",
        due_on=datetime.date(2025, 2, 1),
    )


@pytest.fixture
def next_review(school_a, review_a):
    """The school's next annual review, on site in 2025/26."""
    return ReviewFactory(
        school=school_a,
        academic_year=2025,
        starts_on=datetime.date(2025, 10, 6),
        status=Review.Status.ON_SITE,
    )


@pytest.mark.parametrize("who", ["contact_a", "hub_manager_a", "central_team"])
def test_the_school_and_its_hub_manager_add_an_action(request, client_for, who, ebi):
    user = request.getfixturevalue(who)
    response = client_for(user).post(
        reverse("reviews:action_add", args=[ebi.review_id, ebi.pk]), _action(ebi=ebi.pk)
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#ebi-{ebi.pk}")
    saved = ImprovementAction.objects.get(ebi=ebi)
    assert (saved.owner, saved.rag, saved.updated_by) == ("Maths lead", "amber", user)
    assert saved.history.count() == 1


def test_an_action_without_an_owner_is_refused_and_keeps_what_was_typed(client_for, contact_a, ebi):
    response = client_for(contact_a).post(
        reverse("reviews:action_add", args=[ebi.review_id, ebi.pk]), _action(ebi=ebi.pk, owner="")
    )

    assert response.status_code == 200
    assert not ImprovementAction.objects.exists()
    assert "Maths lead observes every class termly." in response.content.decode()
    assert "This field is required." in response.content.decode()


def test_a_repeated_add_makes_one_action(client_for, contact_a, ebi):
    data = _action(ebi=ebi.pk)
    client = client_for(contact_a)
    url = reverse("reviews:action_add", args=[ebi.review_id, ebi.pk])
    client.post(url, data)
    client.post(url, data)

    assert ImprovementAction.objects.filter(ebi=ebi).count() == 1


def test_the_senior_partner_reads_the_plan_but_changes_nothing(client_for, senior_partner_a, ebi):
    client = client_for(senior_partner_a)
    assert client.get(reverse("reviews:plan", args=[ebi.review_id])).status_code == 200
    response = client.post(
        reverse("reviews:action_add", args=[ebi.review_id, ebi.pk]), _action(ebi=ebi.pk)
    )
    assert response.status_code == 403
    assert not ImprovementAction.objects.exists()


def test_another_schools_contact_gets_404(client_for, contact_b, ebi):
    client = client_for(contact_b)
    assert client.get(reverse("reviews:plan", args=[ebi.review_id])).status_code == 404
    response = client.post(
        reverse("reviews:action_add", args=[ebi.review_id, ebi.pk]), _action(ebi=ebi.pk)
    )
    assert response.status_code == 404


def test_there_is_no_plan_before_publication(client_for, contact_a, school_a):
    draft = ReviewFactory(school=school_a, status=Review.Status.REPORT_DRAFTED)
    EvenBetterIfFactory(review=draft)
    assert client_for(contact_a).get(reverse("reviews:plan", args=[draft.pk])).status_code == 404


def test_updating_an_action_keeps_its_history(client_for, contact_a, action):
    response = client_for(contact_a).post(
        reverse("reviews:action_edit", args=[action.ebi.review_id, action.pk]),
        {
            "text": action.text,
            "owner": "Deputy head",
            "due_on": "2025-02-01",
            "rag": "green",
            "version": action.version,
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.rag, action.version) == ("green", 2)
    assert list(action.history.values_list("rag", flat=True)) == ["green", "red"]


def test_a_stale_update_overwrites_nothing_and_shows_what_was_typed(client_for, contact_a, action):
    ImprovementAction.objects.filter(pk=action.pk).update(rag="amber", version=2)
    response = client_for(contact_a).post(
        reverse("reviews:action_edit", args=[action.ebi.review_id, action.pk]),
        {
            "text": "My rewording",
            "owner": "Deputy head",
            "due_on": "2025-02-01",
            "rag": "green",
            "version": 1,
        },
    )

    assert response.status_code == 409
    action.refresh_from_db()
    assert (action.rag, action.text) == ("amber", "Book a moderation day.")
    assert "My rewording" in response.content.decode()


def test_the_plan_lists_each_ebi_with_its_actions(client_for, contact_a, action):
    response = client_for(contact_a).get(reverse("reviews:plan", args=[action.ebi.review_id]))

    page = response.content.decode()
    assert action.ebi.text in page
    assert "Book a moderation day." in page
    assert "Add an action" in page


def test_the_next_review_records_each_previous_ebis_outcome(
    client_for, central_team, next_review, ebi
):
    client = client_for(central_team)
    page = client.get(next_review.get_absolute_url()).content.decode()
    assert f'name="ebi-{ebi.pk}"' in page

    response = client.post(
        reverse("reviews:outcomes", args=[next_review.pk]), {f"ebi-{ebi.pk}": "partly"}
    )

    assert response.status_code == 302
    outcome = EbiOutcome.objects.get(ebi=ebi)
    assert (outcome.review, outcome.outcome, outcome.recorded_by) == (
        next_review,
        "partly",
        central_team,
    )


def test_the_school_cannot_record_outcomes(client_for, contact_a, next_review, ebi):
    response = client_for(contact_a).post(
        reverse("reviews:outcomes", args=[next_review.pk]), {f"ebi-{ebi.pk}": "addressed"}
    )
    assert response.status_code == 403
    assert not EbiOutcome.objects.exists()


def test_outcomes_wait_until_the_team_is_on_site(client_for, central_team, next_review, ebi):
    Review.objects.filter(pk=next_review.pk).update(status=Review.Status.TEAM_CONFIRMED)
    response = client_for(central_team).post(
        reverse("reviews:outcomes", args=[next_review.pk]), {f"ebi-{ebi.pk}": "addressed"}
    )
    assert response.status_code == 403
    assert not EbiOutcome.objects.exists()


def test_the_support_request_from_an_ebi_links_to_its_plan(client_for, contact_a, ebi):
    from brokering.models import SupportRequest
    from tests.factories.brokering import SupportRequestFactory

    support = SupportRequestFactory(
        school=ebi.review.school, ebi=ebi, source=SupportRequest.Source.EBI
    )
    page = client_for(contact_a).get(support.get_absolute_url()).content.decode()
    assert f"{reverse('reviews:plan', args=[ebi.review_id])}#ebi-{ebi.pk}" in page


@pytest.mark.parametrize("size", [2, 20])
def test_the_plan_page_runs_the_same_queries_at_any_size(
    client_for, contact_a, review_a, size, django_assert_num_queries
):
    for n in range(size):
        more = EvenBetterIfFactory(review=review_a, text=f"EBI {n}")
        for _ in range(2):
            ImprovementAction.objects.create(
                ebi=more, text="An action", owner="Head", due_on=datetime.date(2025, 3, 1)
            )
    client = client_for(contact_a)

    with django_assert_num_queries(QUERIES_PLAN):
        response = client.get(reverse("reviews:plan", args=[review_a.pk]))

    assert len(response.context["ebis"]) == size + 1
