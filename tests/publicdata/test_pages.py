"""The import pages (the central team only) and the school profile's public-data section."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publicdata.models import (
    DataImportRun,
    Designation,
    ExamResult,
    Inspection,
    Measure,
    SchoolLink,
)
from tests.factories.publicdata import (
    DesignationFactory,
    ExamResultFactory,
    InspectionFactory,
    SchoolLinkFactory,
    public_data_for,
)
from tests.publicdata.published import (
    KS4_HEADER,
    LINKS_HEADER,
    OFSTED_HEADER,
    ofsted_row,
    published_csv,
)

pytestmark = pytest.mark.django_db

OFSTED = published_csv(
    OFSTED_HEADER,
    [ofsted_row("100001", "10211111", "12/03/2019", **{"Overall effectiveness": "2"})],
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "text/csv")


@pytest.mark.parametrize(
    "name", ["publicdata:import_links", "publicdata:import_ofsted", "publicdata:import_results"]
)
def test_only_the_central_team_finds_the_import_pages(
    name, client_for, central_team, hub_manager_a, contact_a
):
    assert client_for(central_team).get(reverse(name)).status_code == 200
    assert client_for(hub_manager_a).get(reverse(name)).status_code == 404
    assert client_for(contact_a).get(reverse(name)).status_code == 404


def test_a_dry_run_keeps_the_file_and_import_needs_no_second_upload(client_for, central_team):
    client = client_for(central_team)
    url = reverse("publicdata:import_ofsted")

    dry = client.post(url, {"file": upload("inspections.csv", OFSTED), "action": "dry_run"})

    assert b"Dry run: nothing changed yet" in dry.content
    assert b"1 record to create" in dry.content
    assert not Inspection.objects.exists()
    reference = dry.context["form"].initial["upload"]
    done = client.post(
        url, {"upload": reference, "upload_name": "inspections.csv", "action": "import"}
    )
    assert b"Imported" in done.content
    assert Inspection.objects.get().overall == "good"
    assert list(DataImportRun.objects.values_list("dry_run", "run_by")) == [
        (False, central_team.pk),
        (True, central_team.pk),
    ]


def test_the_results_page_asks_for_key_stage_and_year(client_for, central_team):
    data = published_csv(
        KS4_HEADER, [{"URN": "100011", "LEA": "352", "ATT8SCR": "48.3", "PTL2BASICS_95": "SUPP"}]
    )
    client = client_for(central_team)

    response = client.post(
        reverse("publicdata:import_results"),
        {
            "file": upload("england_ks4final.csv", data),
            "key_stage": "4",
            "academic_year": "2023",
            "action": "import",
        },
    )

    assert b"Imported" in response.content
    assert ExamResult.objects.filter(academic_year=2023, marker="SUPP").count() == 1


def test_bad_rows_are_shown_with_their_lines(client_for, central_team):
    data = published_csv(LINKS_HEADER, [{"URN": "1", "LinkURN": "140001", "LinkType": "Successor"}])

    response = client_for(central_team).post(
        reverse("publicdata:import_links"),
        {"file": upload("links.csv", data), "action": "import"},
    )

    assert b"1 bad row: nothing was changed" in response.content
    assert b"URN &#x27;1&#x27; is not a URN" in response.content
    assert not SchoolLink.objects.exists()


def test_the_profile_shows_the_chain_inspections_results_and_designations(
    client_for, hub_manager_a, school_a
):
    public_data_for(school_a)

    response = client_for(hub_manager_a).get(school_a.get_absolute_url())

    page = response.content.decode()
    assert "URN history" in page and f"9{school_a.urn[1:]}" in page
    assert (
        "Report card inspections" in page
        and "Curriculum and teaching: <strong>Strong standard" in page
    )
    assert "Graded framework inspections" in page and "as URN 9" in page
    assert "Exam results against England" in page and "<td>SUPP</td>" in page
    assert 'data-chart="chart-ks2-rwm-expected"' in page
    assert "National Leader of Education" in page and "Pat Head" in page


def test_the_profile_section_runs_the_same_queries_for_more_data(
    client_for, hub_manager_a, school_a, django_assert_num_queries
):
    client = client_for(hub_manager_a)
    public_data_for(school_a)
    client.get(school_a.get_absolute_url())  # warm the session

    with CaptureQueriesContext(connection) as small:
        client.get(school_a.get_absolute_url())
    # Ten times the inspections, results and designations, and a longer chain of URNs.
    for n in range(20):
        InspectionFactory(urn=school_a.urn, start_date=datetime.date(2000 + n, 1, 10))
        DesignationFactory(school=school_a, kind=Designation.Kind.SLE, holder=f"Leader {n}")
        for measure in (Measure.KS4_ATTAINMENT_8, Measure.KS4_PROGRESS_8):
            ExamResultFactory(urn=school_a.urn, academic_year=2000 + n, measure=measure, value=n)
    SchoolLinkFactory(predecessor_urn="800001", successor_urn=f"9{school_a.urn[1:]}")
    SchoolLinkFactory(predecessor_urn="700001", successor_urn="800001")

    with django_assert_num_queries(len(small)):
        response = client.get(school_a.get_absolute_url())
    assert response.content.decode().count("<td>Leader ") == 20
