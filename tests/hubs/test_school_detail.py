import datetime

from django.urls import reverse

from hubs.choices import OfstedFramework, OfstedGrade
from hubs.models import Membership
from partnership.lib import sections
from partnership.lib.sections import Page
from tests.factories.hubs import SchoolFactory, TrustFactory


def url(school) -> str:
    return reverse("hubs:school_detail", kwargs={"urn": school.urn})


def test_hub_manager_sees_their_hubs_school_and_may_edit(client_for, hub_manager_a, school_a):
    response = client_for(hub_manager_a).get(url(school_a))

    assert response.status_code == 200
    assert response.context["can_edit"] is True
    assert reverse("hubs:school_edit", kwargs={"urn": school_a.urn}) in response.content.decode()


def test_senior_partner_reads_but_is_not_offered_edit(client_for, senior_partner_a, school_a):
    response = client_for(senior_partner_a).get(url(school_a))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert "Edit details" not in response.content.decode()


def test_school_contact_reads_their_school_without_edit(client_for, contact_b, school_b):
    response = client_for(contact_b).get(url(school_b))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    # The contact reads their hub's page (its schools and people), so the hub is linked.
    assert reverse("hubs:detail", kwargs={"slug": "hub-b"}) in response.content.decode()


def test_central_team_opens_any_school(client_for, central_team, school_b):
    response = client_for(central_team).get(url(school_b))

    assert response.status_code == 200
    assert response.context["can_edit"] is True


def test_shows_context_figures(client_for, central_team, hub_a):
    school = SchoolFactory(
        hub=hub_a,
        trust=TrustFactory(name="Oak Trust"),
        establishment_type="Academy converter",
        local_authority="Leeds",
        postcode="LS1 4AP",
        pupils_on_roll=1234,
    )

    content = client_for(central_team).get(url(school)).content.decode()

    for text in ["Oak Trust", "Academy converter", "Leeds", "LS1 4AP", "1,234", "20.0%", "12.0%"]:
        assert text in content


def test_graded_inspection_shows_grade_framework_and_date(client_for, central_team, hub_a):
    school = SchoolFactory(
        hub=hub_a,
        ofsted_framework=OfstedFramework.GRADED_2019,
        ofsted_grade=OfstedGrade.REQUIRES_IMPROVEMENT,
        ofsted_inspection_date=datetime.date(2023, 3, 14),
    )

    content = client_for(central_team).get(url(school)).content.decode()

    assert "Graded inspection (to 2024)" in content
    assert "14 Mar 2023" in content
    assert "Requires improvement" in content


def test_report_card_lists_areas_and_no_overall_grade(client_for, central_team, hub_a):
    school = SchoolFactory(
        hub=hub_a,
        ofsted_framework=OfstedFramework.REPORT_CARD_2025,
        ofsted_report_card={"leadership": "strong", "inclusion": "needs_attention"},
        ofsted_safeguarding_met=True,
        ofsted_inspection_date=datetime.date(2026, 2, 3),
    )

    response = client_for(central_team).get(url(school))

    assert response.context["report_card"] == [
        ("Leadership and governance", "Strong standard"),
        ("Inclusion", "Needs attention"),
    ]
    content = response.content.decode()
    assert "Overall" not in content
    assert "Safeguarding: <strong>Met</strong>" in content


def test_shows_membership_history(client_for, central_team, hub_a, hub_b):
    school = SchoolFactory()
    Membership.objects.create(
        school=school,
        hub=hub_a,
        joined_on=datetime.date(2018, 9, 1),
        left_on=datetime.date(2022, 8, 31),
        leave_reason=Membership.LeaveReason.MOVED,
    )
    Membership.objects.create(school=school, hub=hub_b, joined_on=datetime.date(2022, 8, 31))

    content = client_for(central_team).get(url(school)).content.decode()

    assert "Moved to another hub" in content
    assert "Still a member" in content
    assert "1 Sep 2018" in content


def test_renders_sections_other_apps_register(client_for, hub_manager_a, school_a, monkeypatch):
    seen = []

    def section(user, school):
        seen.append((user, school))
        return [("hubs/panels/contact_schools.html", {"schools": [school]})]

    monkeypatch.setitem(sections._registry, Page.SCHOOL_PROFILE, [section, lambda user, school: []])

    response = client_for(hub_manager_a).get(url(school_a))

    assert response.status_code == 200
    assert seen == [(hub_manager_a, school_a)]
    assert "dashboard-my-school" in response.content.decode()


def test_a_urn_that_is_not_six_digits_is_404(client_for, central_team):
    assert client_for(central_team).get("/schools/12345/").status_code == 404
