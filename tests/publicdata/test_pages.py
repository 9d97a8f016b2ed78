"""The import pages (the central team only) and the school profile's public-data section."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubs.models import ImportRun
from hubs.tasks import IMPORTERS
from partnership.lib.jobs import run_queued_here
from publicdata.models import (
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


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "text/csv")


def send(client, page: str, fields: dict):
    """Posts the import form: the page answers at once with the queued run's page; the job runs
    (as a worker would) and the run's page is read again."""
    response = client.post(reverse(page), fields)
    assert response.status_code == 302, response.status_code
    run = ImportRun.objects.latest("pk")
    assert response.url == reverse("hubs:import_run", args=[run.pk])
    waiting = client.get(response.url)
    assert 'http-equiv="refresh"' in waiting.content.decode()
    run_queued_here()
    return client.get(response.url)


@pytest.mark.parametrize(
    "name", ["publicdata:import_links", "publicdata:import_ofsted", "publicdata:import_results"]
)
def test_only_the_central_team_finds_the_import_pages(
    name, client_for, central_team, hub_manager_a, contact_a
):
    assert client_for(central_team).get(reverse(name)).status_code == 200
    assert client_for(hub_manager_a).get(reverse(name)).status_code == 404
    assert client_for(contact_a).get(reverse(name)).status_code == 404


def test_a_clean_dry_run_is_imported_from_its_page_without_a_second_upload(
    client_for, central_team, media
):
    client = client_for(central_team)

    dry = send(
        client,
        "publicdata:import_ofsted",
        {"file": upload("inspections.csv", OFSTED), "action": "dry_run"},
    )
    checked = ImportRun.objects.latest("pk")

    assert b"Dry run: nothing changed yet" in dry.content
    assert b"1 record to create" in dry.content
    assert b"Checked file: <strong>inspections.csv</strong>" in dry.content
    assert not Inspection.objects.exists()
    applied = client.post(reverse("hubs:import_run_apply", args=[checked.pk]))
    run_queued_here()
    done = client.get(applied.url)
    assert b"Imported" in done.content
    assert Inspection.objects.get().overall == "good"
    assert list(ImportRun.objects.values_list("kind", "dry_run", "run_by", "status")) == [
        (ImportRun.Kind.OFSTED, False, central_team.pk, ImportRun.Status.DONE),
        (ImportRun.Kind.OFSTED, True, central_team.pk, ImportRun.Status.DONE),
    ]
    # The imported file is not kept.
    assert not list(media.rglob("*.upload"))
    # Both runs are listed on the import page.
    page = client.get(reverse("publicdata:import_ofsted")).content.decode()
    assert page.count(reverse("hubs:import_run", args=[checked.pk])) == 1
    assert "Recent runs" in page


def test_the_results_page_asks_for_key_stage_and_year_and_its_import_keeps_them(
    client_for, central_team
):
    data = published_csv(
        KS4_HEADER, [{"URN": "100011", "LEA": "352", "ATT8SCR": "48.3", "PTL2BASICS_95": "SUPP"}]
    )
    client = client_for(central_team)

    dry = send(
        client,
        "publicdata:import_results",
        {
            "file": upload("england_ks4final.csv", data),
            "key_stage": "4",
            "academic_year": "2023",
            "action": "dry_run",
        },
    )
    checked = ImportRun.objects.latest("pk")
    assert b"KS4 results: dry run of england_ks4final.csv" in dry.content
    assert not ExamResult.objects.exists()
    client.post(reverse("hubs:import_run_apply", args=[checked.pk]))
    run_queued_here()

    assert ImportRun.objects.latest("pk").options == {"academic_year": 2023}
    assert ExamResult.objects.filter(academic_year=2023, marker="SUPP").count() == 1


def test_bad_rows_are_shown_with_their_lines_and_no_import_is_offered(client_for, central_team):
    data = published_csv(LINKS_HEADER, [{"URN": "1", "LinkURN": "140001", "LinkType": "Successor"}])

    response = send(
        client_for(central_team),
        "publicdata:import_links",
        {"file": upload("links.csv", data), "action": "dry_run"},
    )

    assert b"1 bad row: nothing was changed" in response.content
    assert b"URN &#x27;1&#x27; is not a URN" in response.content
    assert b"Import this file" not in response.content
    assert not SchoolLink.objects.exists()


def test_a_run_that_crashes_says_why_and_the_central_team_queues_it_again(
    client_for, central_team, monkeypatch
):
    client = client_for(central_team)

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setitem(IMPORTERS, ImportRun.Kind.OFSTED, crash)
    failed = send(
        client, "publicdata:import_ofsted", {"file": upload("i.csv", OFSTED), "action": "import"}
    )
    monkeypatch.undo()
    run = ImportRun.objects.latest("pk")

    assert run.status == ImportRun.Status.FAILED
    assert "RuntimeError: the database went away" in failed.content.decode()
    client.post(reverse("hubs:import_run_retry", args=[run.pk]))
    run_queued_here()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert Inspection.objects.get().overall == "good"


def test_the_import_page_needs_a_file(client_for, central_team):
    response = client_for(central_team).post(
        reverse("publicdata:import_links"), {"action": "dry_run"}
    )

    assert response.status_code == 200
    assert b"Choose a CSV file." in response.content
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("runs", [1, 12])
def test_the_import_page_takes_the_same_queries_whatever_the_number_of_runs(
    client_for, central_team, django_assert_num_queries, runs
):
    client = client_for(central_team)
    for _ in range(runs):
        send(
            client,
            "publicdata:import_ofsted",
            {"file": upload("i.csv", OFSTED), "action": "dry_run"},
        )

    # Session, user, the recent runs with who sent them.
    with django_assert_num_queries(3):
        client.get(reverse("publicdata:import_ofsted"))


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
