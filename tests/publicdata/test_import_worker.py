"""A public-data import queued from its page and run by a real procrastinate worker.

The test commits (a worker is another connection): the run's page follows the job to its report,
with the academic year chosen on the page carried to the job.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from procrastinate.contrib.django import app

from hubs.models import ImportRun
from publicdata.models import ExamResult, NationalResult
from tests.jobs.apart import run_apart
from tests.publicdata.published import KS2_HEADER, published_csv

pytestmark = pytest.mark.django_db(transaction=True)

KS2 = published_csv(
    KS2_HEADER,
    [
        {"URN": "100011", "LEA": "352", "PTRWM_EXP": "61%"},
        {"URN": "", "LEA": "", "PTRWM_EXP": "60%"},
    ],
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def work_off() -> None:
    """A real worker, in this process (in a thread of its own), until the imports queue is empty."""

    def work() -> None:
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(
                queues=["imports"], wait=False, install_signal_handlers=False, listen_notify=False
            )

    run_apart(work)


def test_a_results_import_is_run_by_the_worker_and_its_page_shows_the_report(
    client_for, central_team
):
    client = client_for(central_team)
    sent = client.post(
        reverse("publicdata:import_results"),
        {
            "file": SimpleUploadedFile("england_ks2final.csv", KS2),
            "key_stage": "2",
            "academic_year": "2024",
            "action": "import",
        },
    )
    waiting = client.get(sent.url)

    work_off()

    run = ImportRun.objects.get()
    page = client.get(sent.url).content.decode()
    assert "Waiting to start" in waiting.content.decode()
    assert (run.kind, run.status, run.options) == (
        ImportRun.Kind.KS2,
        ImportRun.Status.DONE,
        {"academic_year": 2024},
    )
    assert "Imported" in page and 'http-equiv="refresh"' not in page
    assert ExamResult.objects.get(urn="100011").academic_year == 2024
    assert NationalResult.objects.get().academic_year == 2024
