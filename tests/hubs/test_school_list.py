import csv
import io

import pytest
from django.urls import reverse

from hubs.choices import Governance, OfstedFramework, OfstedGrade, Phase, Region
from partnership.lib.tables import ROWS_PER_PAGE
from tests.factories.hubs import SchoolFactory

URL = reverse("hubs:school_list")


def names(response) -> list[str]:
    return [row.record.name for row in response.context["table"].page.object_list]


def export_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_central_team_sees_every_school(client_for, central_team, school_a, school_b):
    response = client_for(central_team).get(URL)

    assert names(response) == ["Alder Primary", "Birch Academy"]


def test_hub_manager_sees_only_their_hubs_schools(client_for, hub_manager_a, school_a, school_b):
    response = client_for(hub_manager_a).get(URL)

    assert names(response) == ["Alder Primary"]
    assert b"Birch Academy" not in response.content


def test_senior_partner_sees_only_their_hubs_schools(
    client_for, senior_partner_a, school_a, school_b
):
    response = client_for(senior_partner_a).get(URL)

    assert names(response) == ["Alder Primary"]


def test_school_contact_sees_only_their_school(client_for, contact_b, school_a, school_b):
    response = client_for(contact_b).get(URL)

    assert names(response) == ["Birch Academy"]


def test_hub_filter_suggests_only_visible_hubs(client_for, hub_manager_a, school_a, school_b):
    response = client_for(hub_manager_a).get(URL)

    assert list(response.context["filter"].hub_names) == ["Hub A"]
    assert b'<datalist id="hub-names"><option value="Hub A"></datalist>' in response.content
    assert b'list="hub-names"' in response.content


def test_central_team_filters_by_part_of_a_hub_name(client_for, central_team, school_a, school_b):
    response = client_for(central_team).get(URL, {"hub": "hub b"})

    assert names(response) == ["Birch Academy"]
    assert list(response.context["filter"].hub_names) == ["Hub A", "Hub B"]


def test_filtering_by_another_hub_finds_nothing(client_for, hub_manager_a, school_a, school_b):
    # Hub B's schools are outside this user's scope, whatever the filter names.
    response = client_for(hub_manager_a).get(URL, {"hub": "Hub B"})

    assert names(response) == []


def test_filters_by_phase_governance_region_and_ofsted(client_for, central_team, hub_a):
    SchoolFactory(
        name="Match",
        hub=hub_a,
        phase=Phase.SECONDARY,
        governance=Governance.ACADEMY_CONVERTER,
        region=Region.LONDON,
        ofsted_framework=OfstedFramework.GRADED_2019,
        ofsted_grade=OfstedGrade.GOOD,
    )
    SchoolFactory(
        name="Other phase",
        hub=hub_a,
        phase=Phase.PRIMARY,
        governance=Governance.ACADEMY_CONVERTER,
        region=Region.LONDON,
    )
    SchoolFactory(
        name="Other grade",
        hub=hub_a,
        phase=Phase.SECONDARY,
        governance=Governance.ACADEMY_CONVERTER,
        region=Region.LONDON,
        ofsted_framework=OfstedFramework.GRADED_2019,
        ofsted_grade=OfstedGrade.OUTSTANDING,
    )

    response = client_for(central_team).get(
        URL,
        {
            "phase": Phase.SECONDARY,
            "governance": Governance.ACADEMY_CONVERTER,
            "region": Region.LONDON,
            "ofsted_framework": OfstedFramework.GRADED_2019,
            "ofsted_grade": OfstedGrade.GOOD,
        },
    )

    assert names(response) == ["Match"]


@pytest.mark.parametrize("query", ["Alder", "alder prim", "1234", "M1 1AB", "m11ab"])
def test_search_finds_a_school_by_name_urn_or_postcode(client_for, central_team, hub_a, query):
    SchoolFactory(name="Alder Primary", urn="123456", postcode="M1 1AB", hub=hub_a)
    SchoolFactory(name="Birch Academy", urn="654321", postcode="LS1 4AP", hub=hub_a)

    response = client_for(central_team).get(URL, {"q": query})

    assert names(response) == ["Alder Primary"]


def test_sorts_by_pupils(client_for, central_team, hub_a):
    SchoolFactory(name="Big", pupils_on_roll=900, hub=hub_a)
    SchoolFactory(name="Small", pupils_on_roll=90, hub=hub_a)
    SchoolFactory(name="Unknown", pupils_on_roll=None, hub=hub_a)

    response = client_for(central_team).get(URL, {"sort": "-pupils_on_roll"})

    assert names(response) == ["Big", "Small", "Unknown"]


def test_pages_of_a_screenful(client_for, central_team, hub_a):
    SchoolFactory.create_batch(ROWS_PER_PAGE + 1, hub=hub_a)

    client = client_for(central_team)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(names(first)) == ROWS_PER_PAGE
    assert len(names(second)) == 1
    assert b"Page 1 of 2" in first.content


def test_ofsted_is_described_in_its_own_frameworks_words(client_for, central_team, hub_a):
    SchoolFactory(
        name="Graded",
        hub=hub_a,
        ofsted_framework=OfstedFramework.GRADED_2019,
        ofsted_grade=OfstedGrade.GOOD,
    )
    SchoolFactory(
        name="Carded",
        hub=hub_a,
        ofsted_framework=OfstedFramework.REPORT_CARD_2025,
        ofsted_report_card={"leadership": "strong"},
    )

    content = client_for(central_team).get(URL).content.decode()

    assert "Good (graded inspection)" in content
    assert "Report card" in content
    assert "Not inspected" not in content


def test_export_is_the_filtered_scoped_list_unpaginated(client_for, hub_manager_a, hub_a, school_b):
    SchoolFactory.create_batch(55, hub=hub_a, phase=Phase.PRIMARY)
    SchoolFactory(name="Secondary in A", hub=hub_a, phase=Phase.SECONDARY)

    response = client_for(hub_manager_a).get(URL, {"_export": "csv", "phase": Phase.PRIMARY})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="schools.csv"' in response["Content-Disposition"]
    rows = export_rows(response)
    assert rows[0][:3] == ["School", "URN", "Phase"]
    assert len(rows) == 1 + 55
    exported = {row[0] for row in rows[1:]}
    assert "Secondary in A" not in exported
    assert "Birch Academy" not in exported


def test_export_for_a_school_contact_holds_only_their_school(
    client_for, contact_b, school_a, school_b
):
    rows = export_rows(client_for(contact_b).get(URL, {"_export": "csv"}))

    assert [row[0] for row in rows[1:]] == ["Birch Academy"]


def test_export_neutralises_spreadsheet_formulas(client_for, central_team, hub_a):
    SchoolFactory(name='=HYPERLINK("http://evil")', hub=hub_a)

    rows = export_rows(client_for(central_team).get(URL, {"_export": "csv"}))

    assert rows[1][0].startswith("'=")
