"""Import pages queue a job: the page answers at once, the run's page follows it to its report.

A clean dry run is imported from its page without a second upload; a run that crashes changes
nothing, says why, and the central team queues it again; a file that cannot be stored (a full
disk) or is too large is refused with a message.
"""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hubs.models import ImportRun, School
from hubs.operations import forms as import_forms
from partnership.lib.jobs import run_queued_here
from partnership.models import JobLogEntry
from tests.factories.hubs import SchoolFactory
from tests.imports import upload

MEMBERS = b"URN,hub\n200001,hub-a\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_upload_answers_at_once_with_a_page_that_refreshes_until_the_run_ends(
    client_for, central_team, hub_a
):
    SchoolFactory(urn="200001")
    client = client_for(central_team)

    sent = client.post(
        reverse("hubs:membership_import"),
        {"file": SimpleUploadedFile("m.csv", MEMBERS), "action": "import"},
    )
    waiting = client.get(sent.url)
    run_queued_here()
    done = client.get(sent.url)

    assert School.objects.get(urn="200001").hub == hub_a
    assert 'http-equiv="refresh"' in waiting.content.decode()
    assert "Waiting to start" in waiting.content.decode()
    assert 'http-equiv="refresh"' not in done.content.decode()
    assert "Imported" in done.content.decode()


def test_a_clean_dry_run_is_imported_from_its_page_without_a_second_upload(
    client_for, central_team, hub_a, media
):
    SchoolFactory(urn="200001")
    client = client_for(central_team)

    checked = upload(client, "hubs:membership_import", "members.csv", MEMBERS, "dry_run")
    dry = ImportRun.objects.latest("pk")
    applied = client.post(reverse("hubs:import_run_apply", args=[dry.pk]))
    run_queued_here()
    imported = client.get(applied.url)

    assert "Checked file: <strong>members.csv</strong>" in checked.content.decode()
    assert School.objects.get(urn="200001").hub == hub_a
    assert "Imported" in imported.content.decode()
    # The imported file is not kept.
    assert not list(media.rglob("*.upload"))


def test_a_dry_run_with_bad_rows_offers_no_import(client_for, central_team, hub_a):
    page = upload(
        client_for(central_team), "hubs:membership_import", "m.csv", b"URN,hub\n1,x\n", "dry_run"
    )
    dry = ImportRun.objects.latest("pk")
    refused = client_for(central_team).post(reverse("hubs:import_run_apply", args=[dry.pk]))

    assert "1 bad row: nothing was changed" in page.content.decode()
    assert "Import this file" not in page.content.decode()
    assert refused.status_code == 302
    assert ImportRun.objects.filter(dry_run=False).count() == 0


def test_a_run_that_crashes_changes_nothing_says_why_and_can_be_queued_again(
    client_for, central_team, hub_a, media, monkeypatch
):
    SchoolFactory(urn="200001")
    client = client_for(central_team)

    def crash(*args, **kwargs):
        # The membership is made, then the process fails: the transaction loses it.
        School.objects.filter(urn="200001").update(name="Half done")
        raise RuntimeError("the disk went away")

    monkeypatch.setattr("hubs.tasks.IMPORTERS", {ImportRun.Kind.MEMBERSHIPS: crash})
    failed_page = upload(client, "hubs:membership_import", "m.csv", MEMBERS, "import")
    run = ImportRun.objects.latest("pk")
    monkeypatch.undo()

    assert run.status == ImportRun.Status.FAILED
    assert School.objects.get(urn="200001").name != "Half done"
    assert "RuntimeError: the disk went away" in failed_page.content.decode()
    assert JobLogEntry.objects.filter(job_id=run.job_id, level="ERROR").exists()

    client.post(reverse("hubs:import_run_retry", args=[run.pk]))
    run_queued_here()
    run.refresh_from_db()

    assert run.status == ImportRun.Status.DONE
    assert School.objects.get(urn="200001").hub == hub_a


def test_only_a_failed_run_is_queued_again(client_for, central_team, hub_a):
    upload(client_for(central_team), "hubs:membership_import", "m.csv", MEMBERS, "dry_run")
    run = ImportRun.objects.latest("pk")

    client_for(central_team).post(reverse("hubs:import_run_retry", args=[run.pk]))

    assert run_queued_here() == 0


class FullStorage(FileSystemStorage):
    """A disk with no room left: every save fails as the operating system says so."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_upload_directory_is_refused_with_a_message(client_for, central_team, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.hubs.test_import_jobs.FullStorage"},
    }

    response = client_for(central_team).post(
        reverse("hubs:gias_import"),
        {"file": SimpleUploadedFile("gias.csv", b"URN\n"), "action": "import"},
    )

    assert response.status_code == 200
    assert "no room left for uploads" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_oversized_file_is_refused_with_a_message(client_for, central_team, monkeypatch):
    monkeypatch.setattr(import_forms, "IMPORT_MAX_BYTES", 10)

    response = client_for(central_team).post(
        reverse("hubs:gias_import"),
        {"file": SimpleUploadedFile("gias.csv", b"URN,name\n100001,x\n"), "action": "import"},
    )

    assert "the largest accepted is 100 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_empty_form_asks_for_the_file(client_for, central_team):
    response = client_for(central_team).post(reverse("hubs:gias_import"), {"action": "import"})

    assert "Choose a CSV file." in response.content.decode()


@pytest.mark.parametrize("runs", [1, 12])
def test_the_import_page_and_a_run_take_the_same_queries_whatever_their_number(
    client_for, central_team, hub_a, django_assert_num_queries, runs
):
    SchoolFactory(urn="200001")
    client = client_for(central_team)
    for _ in range(runs):
        upload(client, "hubs:membership_import", "m.csv", MEMBERS, "dry_run")
    run = ImportRun.objects.latest("pk")

    # Session, user, the recent runs with who sent them.
    with django_assert_num_queries(3):
        client.get(reverse("hubs:membership_import"))
    # Session, user, the run with who sent it.
    with django_assert_num_queries(3):
        client.get(reverse("hubs:import_run", args=[run.pk]))
