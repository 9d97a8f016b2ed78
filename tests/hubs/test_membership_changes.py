"""A hub manager records a leaver; the central team confirms it, or rejects it; once only."""

import datetime

from django.urls import reverse

from hubs.models import Membership, MembershipChange


def request_leave(client, hub, school):
    return client.post(
        reverse("hubs:membership_change_create", args=[hub.slug]),
        {"kind": "leave", "urn": school.urn, "effective_on": "2026-12-31"},
    )


def test_the_manager_records_it_and_nothing_changes_until_confirmed(
    client_for, hub_manager_a, hub_a, school_a
):
    response = request_leave(client_for(hub_manager_a), hub_a, school_a)

    assert response.status_code == 302
    change = MembershipChange.objects.get(school=school_a)
    assert (change.status, change.requested_by) == (MembershipChange.Status.PENDING, hub_manager_a)
    assert Membership.objects.get(school=school_a).left_on is None


def test_the_central_team_confirms_and_the_school_leaves(
    client_for, hub_manager_a, central_team, hub_a, school_a
):
    request_leave(client_for(hub_manager_a), hub_a, school_a)
    change = MembershipChange.objects.get(school=school_a)
    central = client_for(central_team)

    central.post(reverse("hubs:membership_change_decide", args=[change.pk]))
    again = central.post(
        reverse("hubs:membership_change_decide", args=[change.pk]),
        {"decision": "reject"},
        follow=True,
    )

    change.refresh_from_db()
    assert change.status == MembershipChange.Status.CONFIRMED
    assert Membership.objects.get(school=school_a).left_on == datetime.date(2026, 12, 31)
    school_a.refresh_from_db()
    assert school_a.hub is None
    assert "already" in again.content.decode()


def test_a_rejected_change_leaves_membership_alone(
    client_for, hub_manager_a, central_team, hub_a, school_a
):
    request_leave(client_for(hub_manager_a), hub_a, school_a)
    change = MembershipChange.objects.get(school=school_a)

    client_for(central_team).post(
        reverse("hubs:membership_change_decide", args=[change.pk]), {"decision": "reject"}
    )

    change.refresh_from_db()
    assert change.status == MembershipChange.Status.REJECTED
    assert Membership.objects.get(school=school_a).left_on is None


def test_a_hub_manager_cannot_confirm(client_for, hub_manager_a, hub_a, school_a):
    request_leave(client_for(hub_manager_a), hub_a, school_a)
    change = MembershipChange.objects.get(school=school_a)

    response = client_for(hub_manager_a).post(
        reverse("hubs:membership_change_decide", args=[change.pk])
    )

    assert response.status_code == 404
    assert MembershipChange.objects.get(pk=change.pk).status == MembershipChange.Status.PENDING
