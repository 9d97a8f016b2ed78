"""A hub manager records a leaver; the central team confirms it, or rejects it; once only."""

import datetime
from uuid import uuid4

import pytest
from django.urls import reverse

from hubs import services
from hubs.models import Membership, MembershipChange
from tests.factories.hubs import SchoolFactory


def request_leave(client, hub, school, effective_on="2026-12-31"):
    return client.post(
        reverse("hubs:membership_change_create", args=[hub.slug]),
        {
            "kind": "leave",
            "urn": school.urn,
            "effective_on": effective_on,
            "submission_token": uuid4(),
        },
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


def record(client, hub, **form):
    url = reverse("hubs:membership_change_create", args=[hub.slug])
    return client.post(url, {"submission_token": uuid4(), **form})


def decide(client, change, decision="confirm"):
    return client.post(
        reverse("hubs:membership_change_decide", args=[change.pk]), {"decision": decision}
    )


def test_a_confirmed_move_closes_one_membership_and_opens_the_next_on_the_same_day(
    client_for, hub_manager_a, central_team, hub_a, hub_b, school_a
):
    record(
        client_for(hub_manager_a),
        hub_a,
        kind="move",
        urn=school_a.urn,
        to_hub=hub_b.pk,
        effective_on="2026-01-05",
    )
    decide(client_for(central_team), MembershipChange.objects.get(school=school_a))

    old, new = Membership.objects.filter(school=school_a).order_by("joined_on")
    assert (old.hub, old.left_on, old.leave_reason) == (
        hub_a,
        datetime.date(2026, 1, 5),
        Membership.LeaveReason.MOVED,
    )
    assert (new.hub, new.joined_on, new.left_on) == (hub_b, datetime.date(2026, 1, 5), None)
    school_a.refresh_from_db()
    assert school_a.hub == hub_b


def test_a_confirmed_joiner_becomes_a_member(client_for, hub_manager_a, central_team, hub_a):
    newcomer = SchoolFactory(urn="300001")
    record(client_for(hub_manager_a), hub_a, kind="join", urn="300001", effective_on="2026-09-01")

    decide(client_for(central_team), MembershipChange.objects.get(school=newcomer))

    newcomer.refresh_from_db()
    assert newcomer.hub == hub_a
    assert Membership.objects.get(school=newcomer).joined_on == datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    "kind, school_name, message",
    [
        ("join", "school_a", "already in a hub"),
        ("leave", "school_b", "not a member of this hub"),
        ("move", "school_a", "Say which hub"),
    ],
)
def test_a_change_that_does_not_fit_the_schools_membership_is_refused(
    client_for, hub_manager_a, hub_a, school_a, school_b, kind, school_name, message
):
    school = {"school_a": school_a, "school_b": school_b}[school_name]

    response = record(
        client_for(hub_manager_a), hub_a, kind=kind, urn=school.urn, effective_on="2026-01-05"
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MembershipChange.objects.exists()


def test_a_second_change_for_a_school_waiting_on_one_is_refused_not_an_error(
    client_for, hub_manager_a, hub_a, school_a
):
    client = client_for(hub_manager_a)
    request_leave(client, hub_a, school_a)

    # Another date: the same fields sent again would be answered as a repeat of the first.
    again = request_leave(client, hub_a, school_a, effective_on="2027-01-31")

    assert again.status_code == 200
    assert "already has a change awaiting confirmation" in again.content.decode()
    assert MembershipChange.objects.filter(school=school_a).count() == 1


def test_a_senior_partner_cannot_record_a_change(client_for, senior_partner_a, hub_a, school_a):
    assert request_leave(client_for(senior_partner_a), hub_a, school_a).status_code == 403
    assert not MembershipChange.objects.exists()


def test_a_change_overtaken_by_events_is_not_confirmed(
    client_for, hub_manager_a, central_team, hub_a, hub_b, school_a
):
    request_leave(client_for(hub_manager_a), hub_a, school_a)
    change = MembershipChange.objects.get(school=school_a)
    # Meanwhile the school moved to hub B by another route (an import, say).
    services.membership_move(school=school_a, to_hub=hub_b, moved_on=datetime.date(2026, 3, 1))
    central = client_for(central_team)

    response = decide(central, change)

    change.refresh_from_db()
    assert change.status == MembershipChange.Status.PENDING
    assert "not a member of this hub" in central.get(response.url).content.decode()
    school_a.refresh_from_db()
    assert school_a.hub == hub_b


def test_the_central_team_sees_every_pending_change(
    client_for, hub_manager_a, central_team, hub_a, school_a
):
    request_leave(client_for(hub_manager_a), hub_a, school_a)

    page = client_for(central_team).get(reverse("hubs:membership_changes")).content.decode()

    assert f"{school_a.name} ({school_a.urn})" in page
    assert "Mina Manager" in page
