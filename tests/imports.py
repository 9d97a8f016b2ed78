"""Sending a file through an import page as the central team does, with the worker's part run."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hubs.models import ImportRun
from partnership.lib.jobs import run_queued_here


def upload(client, page: str, name: str, data: bytes, action: str):
    """Posts the file; the page answers at once with the queued run's page. Then the queued job
    runs (as a worker would) and the run's page is read again: the result report."""
    response = client.post(
        reverse(page), {"file": SimpleUploadedFile(name, data), "action": action}
    )
    assert response.status_code == 302, response.status_code
    run = ImportRun.objects.latest("pk")
    assert response.url == reverse("hubs:import_run", args=[run.pk])
    run_queued_here()
    return client.get(response.url)
