import datetime

import pytest
from django.urls import reverse

from hubs.models import Membership
from tests.factories.hubs import HubFactory, SchoolContactFactory, SchoolFactory, TrustFactory
from tests.factories.people import AdminFactory


@pytest.fixture
def admin_client_(client_for, db):
    return client_for(AdminFactory(email="admin@example.org"))


@pytest.mark.parametrize("model", ["trust", "hub", "school", "membership", "schoolcontact"])
def test_changelists_and_search_open(admin_client_, model):
    school = SchoolFactory(hub=HubFactory(), trust=TrustFactory())
    SchoolContactFactory(school=school)

    url = reverse(f"admin:hubs_{model}_changelist")
    assert admin_client_.get(url).status_code == 200
    assert admin_client_.get(url, {"q": school.name}).status_code == 200


def test_user_changelist_shows_roles(admin_client_, hub_manager_a, senior_partner_a, contact_b):
    content = admin_client_.get(reverse("admin:partnership_user_changelist")).content.decode()

    assert "Manages Hub A" in content
    assert "Senior partner of Hub A" in content
    assert "Contact of Birch Academy" in content


def test_user_change_page_opens(admin_client_, hub_manager_a):
    url = reverse("admin:partnership_user_change", args=[hub_manager_a.pk])

    assert admin_client_.get(url).status_code == 200


def test_school_change_page_opens(admin_client_, school_a):
    assert (
        admin_client_.get(reverse("admin:hubs_school_change", args=[school_a.pk])).status_code
        == 200
    )


def test_adding_a_membership_in_admin_sets_the_schools_hub(admin_client_, hub_a):
    school = SchoolFactory()

    response = admin_client_.post(
        reverse("admin:hubs_membership_add"),
        {"school": school.pk, "hub": hub_a.pk, "joined_on": "2024-09-01", "leave_reason": ""},
    )

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.hub == hub_a


def test_ending_a_membership_in_admin_clears_the_schools_hub(admin_client_, school_a):
    membership = school_a.memberships.get()

    response = admin_client_.post(
        reverse("admin:hubs_membership_change", args=[membership.pk]),
        {
            "school": school_a.pk,
            "hub": membership.hub_id,
            "joined_on": "2020-09-01",
            "left_on": "2025-08-31",
            "leave_reason": Membership.LeaveReason.LEFT,
        },
    )

    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.hub is None


def test_a_second_open_membership_is_refused_in_admin(admin_client_, school_a, hub_b):
    response = admin_client_.post(
        reverse("admin:hubs_membership_add"),
        {"school": school_a.pk, "hub": hub_b.pk, "joined_on": "2024-09-01", "leave_reason": ""},
    )

    assert response.status_code == 200
    assert "already a member of a hub over these dates" in response.content.decode()
    school_a.refresh_from_db()
    assert school_a.hub.name == "Hub A"


def test_deleting_memberships_in_admin_clears_the_hub(admin_client_, school_a):
    membership = school_a.memberships.get()

    response = admin_client_.post(
        reverse("admin:hubs_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )

    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.hub is None


def test_inline_memberships_on_the_school_page_set_its_hub(admin_client_, hub_b):
    school = SchoolFactory()
    url = reverse("admin:hubs_school_change", args=[school.pk])
    form = admin_client_.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "trust": "",
            "ofsted_report_card": "{}",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-hub": hub_b.pk,
            "memberships-0-joined_on": datetime.date(2024, 9, 1).isoformat(),
            "memberships-0-leave_reason": "",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        }
    )

    response = admin_client_.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    school.refresh_from_db()
    assert school.hub == hub_b
