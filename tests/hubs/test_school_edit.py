from decimal import Decimal

from django.urls import reverse

from hubs.choices import OfstedFramework, OfstedGrade, Phase
from hubs.forms import SchoolForm
from hubs.models import School


def url(school) -> str:
    return reverse("hubs:school_edit", kwargs={"urn": school.urn})


def form_data(school, **changes) -> dict:
    """What the edit form posts when opened now and changed as given."""
    form = SchoolForm(instance=school)
    data = {}
    for field in form:
        value = field.value()
        if value is None:
            value = ""
        if field.name == "ofsted_safeguarding_met":
            value = {True: "true", False: "false"}.get(value, "unknown")
        data[field.name] = value
    data = {name: value for name, value in data.items() if value is not False}
    data.update(changes)
    return data


def test_anonymous_post_changes_nothing(client, school_a):
    client.post(url(school_a), form_data(school_a, name="Changed"))

    school_a.refresh_from_db()
    assert school_a.name == "Alder Primary"


def test_hub_manager_opens_the_form(client_for, hub_manager_a, school_a):
    response = client_for(hub_manager_a).get(url(school_a))

    assert response.status_code == 200
    assert 'name="fingerprint"' in response.content.decode()


def test_hub_manager_saves_their_hubs_school(client_for, hub_manager_a, school_a):
    response = client_for(hub_manager_a).post(
        url(school_a), form_data(school_a, name="Alder Primary School", pupils_on_roll="412")
    )

    assert response.status_code == 302
    assert response.url == school_a.get_absolute_url()
    school_a.refresh_from_db()
    assert school_a.name == "Alder Primary School"
    assert school_a.pupils_on_roll == 412
    assert school_a.hub.name == "Hub A"
    assert school_a.history.first().history_user == hub_manager_a


def test_hub_manager_cannot_change_another_hubs_school(client_for, hub_manager_a, school_b):
    response = client_for(hub_manager_a).post(url(school_b), form_data(school_b, name="Hacked"))

    assert response.status_code == 404
    school_b.refresh_from_db()
    assert school_b.name == "Birch Academy"


def test_senior_partner_may_not_save(client_for, senior_partner_a, school_a):
    response = client_for(senior_partner_a).post(url(school_a), form_data(school_a, name="X"))

    assert response.status_code == 403
    school_a.refresh_from_db()
    assert school_a.name == "Alder Primary"


def test_school_contact_may_read_but_not_edit_their_school(client_for, contact_b, school_b):
    response = client_for(contact_b).post(url(school_b), form_data(school_b, name="Ours now"))

    assert response.status_code == 403
    school_b.refresh_from_db()
    assert school_b.name == "Birch Academy"


def test_central_team_saves_any_school(client_for, central_team, school_b):
    response = client_for(central_team).post(
        url(school_b), form_data(school_b, phase=Phase.SECONDARY, percent_fsm="31.5")
    )

    assert response.status_code == 302
    school_b.refresh_from_db()
    assert school_b.phase == Phase.SECONDARY
    assert school_b.percent_fsm == Decimal("31.5")


def test_urn_and_hub_are_not_changed_by_the_form(client_for, central_team, school_a, hub_b):
    client_for(central_team).post(
        url(school_a), form_data(school_a, urn="999999", hub=str(hub_b.pk))
    )

    school_a.refresh_from_db()
    assert school_a.urn != "999999"
    assert school_a.hub.name == "Hub A"


def test_invalid_percentage_is_refused_with_a_message(client_for, hub_manager_a, school_a):
    response = client_for(hub_manager_a).post(url(school_a), form_data(school_a, percent_sen="140"))

    assert response.status_code == 200
    assert "A percentage cannot be above 100." in response.content.decode()
    school_a.refresh_from_db()
    assert school_a.percent_sen == Decimal("12.00")


def test_report_card_areas_are_saved_by_area(client_for, hub_manager_a, school_a):
    data = form_data(
        school_a,
        ofsted_framework=OfstedFramework.REPORT_CARD_2025,
        report_card_leadership="strong",
        report_card_inclusion="expected",
        ofsted_safeguarding_met="true",
    )

    response = client_for(hub_manager_a).post(url(school_a), data)

    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.ofsted_report_card == {"leadership": "strong", "inclusion": "expected"}
    assert school_a.ofsted_safeguarding_met is True


def test_area_grades_with_the_old_framework_are_refused(client_for, hub_manager_a, school_a):
    data = form_data(
        school_a,
        ofsted_framework=OfstedFramework.GRADED_2019,
        ofsted_grade=OfstedGrade.GOOD,
        report_card_leadership="strong",
    )

    response = client_for(hub_manager_a).post(url(school_a), data)

    assert response.status_code == 200
    assert "Area grades belong to the report card framework" in response.content.decode()
    school_a.refresh_from_db()
    assert school_a.ofsted_report_card == {}


def test_an_overall_grade_on_a_report_card_is_refused(client_for, hub_manager_a, school_a):
    data = form_data(
        school_a, ofsted_framework=OfstedFramework.REPORT_CARD_2025, ofsted_grade=OfstedGrade.GOOD
    )

    response = client_for(hub_manager_a).post(url(school_a), data)

    assert response.status_code == 200
    assert "Report cards have no overall grade" in response.content.decode()


def test_a_change_made_meanwhile_is_not_overwritten(client_for, hub_manager_a, school_a):
    # The manager opens the form; someone else then renames the school.
    data = form_data(school_a, pupils_on_roll="999")
    School.objects.filter(pk=school_a.pk).update(name="Renamed Meanwhile")

    response = client_for(hub_manager_a).post(url(school_a), data)

    assert response.status_code == 200
    assert "Someone else changed this school" in response.content.decode()
    school_a.refresh_from_db()
    assert school_a.name == "Renamed Meanwhile"
    assert school_a.pupils_on_roll == 300
    # The form now holds the other person's version, ready to edit again.
    assert response.context["form"]["name"].value() == "Renamed Meanwhile"
