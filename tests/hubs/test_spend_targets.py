"""A hub's senior partner leads it: they edit its action plan and agree its spend targets."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hubs.models import ActionPriority, SpendCategory, SpendTarget
from hubs.operations import services as ops
from tests.factories.operations import YEAR, ActionPriorityFactory, FundingAllocationFactory

CATEGORIES = [value for value, _ in SpendCategory.choices]


def targets_url(hub) -> str:
    return f"{reverse('hubs:spend_targets', args=[hub.slug])}?year={YEAR}"


def test_the_senior_partner_agrees_targets_and_is_recorded_as_agreeing(
    client_for, senior_partner_a, hub_a
):
    response = client_for(senior_partner_a).post(
        targets_url(hub_a), {SpendCategory.STAFF_TRAINING: "1200.00"}
    )

    assert response.status_code == 302
    target = SpendTarget.objects.get(hub=hub_a, academic_year=YEAR)
    assert (target.category, target.amount, target.agreed_by) == (
        SpendCategory.STAFF_TRAINING,
        Decimal("1200.00"),
        senior_partner_a,
    )


def test_the_hub_manager_reads_the_targets_but_may_not_agree_them(client_for, hub_manager_a, hub_a):
    response = client_for(hub_manager_a).post(
        targets_url(hub_a), {SpendCategory.STAFF_TRAINING: "1200.00"}
    )

    assert response.status_code == 403
    assert not SpendTarget.objects.exists()


def test_an_unchanged_target_keeps_who_agreed_it_and_a_blank_one_is_removed(
    hub_a, senior_partner_a, central_team
):
    ops.spend_targets_agree(
        hub=hub_a,
        academic_year=YEAR,
        amounts={
            SpendCategory.STAFF_TRAINING: Decimal("500"),
            SpendCategory.RESEARCH_PROJECTS: Decimal("9"),
        },
        by=senior_partner_a,
    )

    ops.spend_targets_agree(
        hub=hub_a,
        academic_year=YEAR,
        amounts={
            SpendCategory.STAFF_TRAINING: Decimal("500"),
            SpendCategory.RESEARCH_PROJECTS: None,
        },
        by=central_team,
    )

    targets = list(SpendTarget.objects.filter(hub=hub_a).values_list("category", "agreed_by"))
    assert targets == [(SpendCategory.STAFF_TRAINING, senior_partner_a.pk)]
    assert SpendTarget.history.filter(category=SpendCategory.RESEARCH_PROJECTS).count() == 2


def test_the_funding_page_shows_spend_against_each_target(
    client_for, hub_manager_a, hub_a, senior_partner_a
):
    FundingAllocationFactory(hub=hub_a, academic_year=YEAR)
    ops.spend_targets_agree(
        hub=hub_a,
        academic_year=YEAR,
        amounts={SpendCategory.STAFF_TRAINING: Decimal("1234.00")},
        by=senior_partner_a,
    )

    response = client_for(hub_manager_a).get(
        f"{reverse('hubs:funding', args=[hub_a.slug])}?year={YEAR}"
    )

    content = response.content.decode()
    assert "£1,234.00" in content
    assert "Sam Partner" in content
    assert "Agree spend targets" not in content  # the manager reads them only


@pytest.mark.parametrize("count", [1, len(CATEGORIES)])
def test_the_funding_page_runs_the_same_queries_whatever_the_targets(
    client_for, senior_partner_a, hub_a, count, django_assert_num_queries
):
    FundingAllocationFactory(hub=hub_a, academic_year=YEAR)
    amounts = dict.fromkeys(CATEGORIES[:count], Decimal("10"))
    ops.spend_targets_agree(hub=hub_a, academic_year=YEAR, amounts=amounts, by=senior_partner_a)
    client = client_for(senior_partner_a)
    url = f"{reverse('hubs:funding', args=[hub_a.slug])}?year={YEAR}"
    client.get(url)

    # session, user, scope (3); the hub; its allocation; spend by category; the targets with who
    # agreed them (one query, however many); the spend table's count and page; the navigation
    # and whether the user is a reviewer ("My reviews")
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.content.decode().count("£10.00") == count


def test_the_senior_partner_edits_the_action_plan(client_for, senior_partner_a, hub_a):
    priority = ActionPriorityFactory(hub=hub_a, academic_year=YEAR, title="Old")
    url = reverse("hubs:priority_edit", args=[hub_a.slug, priority.pk])

    response = client_for(senior_partner_a).post(
        url,
        {
            "position": 1,
            "title": "Reading for pleasure",
            "owner": "Sam",
            "success_criteria": "More reading",
            "status": ActionPriority.Status.GREEN,
        },
    )

    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.title == "Reading for pleasure"
