import datetime

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from events.models import ATTENDANCE_BEFORE_EVENT
from hubs.choices import OfstedFramework
from hubs.models import Membership, School
from tests.factories.events import EventFactory
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


def school_admin_form(rf, school, **changes):
    admin_ = admin.site.get_model_admin(School)
    request = rf.get("/")
    request.user = AdminFactory(email="form@example.org")
    data = {
        key: value
        for key, value in model_to_dict(school).items()
        if value is not None and key != "ofsted_report_card"
    }
    data["ofsted_report_card"] = "{}"
    form_class = admin_.get_form(request, school, change=True)
    return form_class(data={**data, **changes}, instance=school)


def test_the_report_card_is_one_choice_per_area_on_the_school_page(admin_client_, school_a):
    school_a.ofsted_framework = OfstedFramework.REPORT_CARD_2025
    school_a.ofsted_report_card = {"leadership": "strong"}
    school_a.save()

    page = admin_client_.get(reverse("admin:hubs_school_change", args=[school_a.pk]))

    content = page.content.decode()
    assert "Report card: Leadership and governance" in content
    assert '<option value="strong" selected>Strong standard</option>' in content
    assert '<textarea name="ofsted_report_card"' not in content


def test_report_card_areas_are_saved_as_the_models_grades(rf, school_a):
    form = school_admin_form(
        rf,
        school_a,
        ofsted_framework=OfstedFramework.REPORT_CARD_2025,
        report_card_leadership="strong",
        report_card_inclusion="needs_attention",
    )

    assert form.is_valid(), form.errors
    school = form.save()
    assert school.ofsted_report_card == {"leadership": "strong", "inclusion": "needs_attention"}


def test_report_card_grades_under_the_graded_framework_are_refused_with_a_message(rf, school_a):
    form = school_admin_form(
        rf,
        school_a,
        ofsted_framework=OfstedFramework.GRADED_2019,
        report_card_leadership="strong",
    )

    assert not form.is_valid()
    assert form.non_field_errors() == ["Area grades belong to the report card framework."]


def test_a_grade_that_is_not_one_is_refused_on_its_area(rf, school_a):
    form = school_admin_form(
        rf,
        school_a,
        ofsted_framework=OfstedFramework.REPORT_CARD_2025,
        report_card_leadership="brilliant",
    )

    assert not form.is_valid()
    assert "report_card_leadership" in form.errors


def test_the_first_change_after_a_bulk_load_shows_the_schools_values(admin_client_, school_a):
    # A bulk load writes no history: the first record is the first change made afterwards.
    School.history.filter(id=school_a.pk).delete()
    school_a.name = "Alder Primary Academy"
    school_a.save()

    page = admin_client_.get(reverse("admin:hubs_school_history", args=[school_a.pk]))

    content = " ".join(page.content.decode().split())
    assert "(not recorded before)" in content
    assert "Alder Primary Academy" in content


def test_a_schools_creation_shows_created_with_its_values(admin_client_, hub_a):
    school = SchoolFactory(hub=hub_a, name="Cedar Infants")

    page = admin_client_.get(reverse("admin:hubs_school_history", args=[school.pk]))

    content = " ".join(page.content.decode().split())
    assert "<strong>Name:</strong> (created) &nbsp;&rarr;&nbsp;&nbsp;Cedar Infants" in content


def test_later_changes_still_show_field_by_field(admin_client_, school_a):
    School.history.filter(id=school_a.pk).delete()
    school_a.name = "First"
    school_a.save()
    school_a.name = "Second"
    school_a.save()

    page = admin_client_.get(reverse("admin:hubs_school_history", args=[school_a.pk]))

    content = " ".join(page.content.decode().split())
    assert "<strong>Name:</strong> First &nbsp;&rarr;&nbsp;&nbsp;Second" in content


def test_the_admin_refuses_attendance_for_an_event_still_to_come(admin_client_, hub_a, school_a):
    starts = timezone.localtime() + datetime.timedelta(days=3)
    ends = starts + datetime.timedelta(hours=2)
    event = EventFactory(hub=hub_a, starts_at=starts, ends_at=ends)

    response = admin_client_.post(
        reverse("admin:events_event_change", args=[event.pk]),
        {
            "hub": hub_a.pk,
            "kind": event.kind,
            "title": event.title,
            "starts_at_0": f"{starts:%Y-%m-%d}",
            "starts_at_1": f"{starts:%H:%M:%S}",
            "ends_at_0": f"{ends:%Y-%m-%d}",
            "ends_at_1": f"{ends:%H:%M:%S}",
            "location": "",
            "description": "",
            "schools_attended": [school_a.pk],
        },
    )

    assert response.status_code == 200
    assert ATTENDANCE_BEFORE_EVENT in response.content.decode()
    assert not event.schools_attended.exists()
