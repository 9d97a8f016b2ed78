from django.urls import reverse

from hubs.years import current_academic_year
from partnership.lib import sections
from partnership.lib.sections import Page
from tests.factories.hubs import SchoolFactory
from tests.factories.operations import FundingAllocationFactory


def url(hub) -> str:
    return reverse("hubs:detail", kwargs={"slug": hub.slug})


def test_hub_manager_sees_their_hub(client_for, hub_manager_a, school_a):
    response = client_for(hub_manager_a).get(url(school_a.hub))

    assert response.status_code == 200
    assert response.context["school_figures"].schools == 1
    assert "Alder Primary" in response.content.decode()
    assert "Mina Manager" in response.content.decode()


def test_senior_partner_sees_their_hub(client_for, senior_partner_a, hub_a):
    response = client_for(senior_partner_a).get(url(hub_a))

    assert response.status_code == 200
    assert "Sam Partner" in response.content.decode()


def test_unknown_hub_is_404(client_for, central_team):
    assert client_for(central_team).get("/hubs/no-such-hub/").status_code == 404


def test_renders_sections_other_apps_register(client_for, hub_manager_a, hub_a, monkeypatch):
    shown = SchoolFactory(name="Shown By A Section")

    def section(user, hub):
        return [("hubs/panels/contact_schools.html", {"schools": [shown]})]

    def hidden_section(user, hub):
        return []

    monkeypatch.setitem(sections._registry, Page.HUB_PAGE, [section, hidden_section])

    response = client_for(hub_manager_a).get(url(hub_a))

    assert "Shown By A Section" in response.content.decode()


def test_a_contact_reads_their_schools_hub_page_without_its_money(
    client_for, contact_a, hub_a, school_a, hub_manager_a
):
    FundingAllocationFactory(hub=hub_a, academic_year=current_academic_year())
    SchoolFactory(hub=hub_a, name="Birch Partner School")

    response = client_for(contact_a).get(url(hub_a))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Birch Partner School" in content
    assert f"mailto:{hub_manager_a.email}" in content
    assert reverse("hubs:funding", args=[hub_a.slug]) not in content
    assert "Allocation" not in content


def test_a_contact_may_not_open_their_hubs_funding(client_for, contact_a, hub_a, school_a):
    response = client_for(contact_a).get(reverse("hubs:funding", args=[hub_a.slug]))

    assert response.status_code == 404


def test_a_contact_of_another_hubs_school_gets_404(client_for, contact_b, hub_a):
    assert client_for(contact_b).get(url(hub_a)).status_code == 404
