"""/healthz, the JSON request log with its request id (also on the lines of the jobs a request
queued), and network figures that a change moves on in every process sharing the cache."""

import json
import logging

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hubs.figures import network_figures, network_version
from partnership.lib.jobs import run_queued_here
from partnership.lib.mail import email_send
from tests.factories.brokering import SupportRequestFactory, default_area
from tests.factories.hubs import SchoolFactory
from tests.factories.reviews import published_review

pytestmark = pytest.mark.django_db


class DownCache(LocMemCache):
    """A cache server that does not answer."""

    def set(self, *args, **kwargs):
        raise ConnectionError("cache down")

    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")


def test_healthz_answers_without_a_login_and_reveals_only_states_and_ages(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == body["database"] == body["cache"] == "up"
    assert set(body) == {"status", "database", "cache", "queue_oldest_seconds", "checked_in_ms"}
    assert body["queue_oldest_seconds"] == 0


def test_healthz_gives_the_oldest_queued_jobs_age(client):
    email_send(subject="Hello", body="Body", recipients=["someone@example.org"])

    body = client.get(reverse("healthz")).json()

    assert isinstance(body["queue_oldest_seconds"], int) and body["queue_oldest_seconds"] >= 0
    assert "someone" not in json.dumps(body)


def test_healthz_is_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.jobs.test_health_logs_cache.DownCache"}}

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["cache"] == "down"
    assert response.json()["status"] == "down"


def test_each_request_is_one_json_line_with_its_id_user_path_status_duration_and_queries(
    client_for, central_team, caplog
):
    caplog.set_level(logging.INFO, logger="partnership.request")
    response = client_for(central_team).get(reverse("hubs:list"))

    record = next(r for r in caplog.records if r.name == "partnership.request")
    stdout = next(h for h in logging.getLogger().handlers if h.get_name() == "stdout")
    line = json.loads(stdout.format(record))
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == central_team.pk
    assert line["path"] == reverse("hubs:list")
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["queries"] > 0


def test_the_lines_a_job_logs_carry_the_request_id_of_the_request_that_queued_it(
    client_for, central_team, hub_a, caplog, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    caplog.set_level(logging.INFO)
    client = client_for(central_team)
    sent = client.post(
        reverse("hubs:membership_import"),
        {"file": _file(b"URN,hub\n"), "action": "dry_run"},
    )
    caplog.clear()
    run_queued_here()

    job_lines = [r for r in caplog.records if r.name in ("partnership.jobs", "hubs.imports")]
    assert len(job_lines) >= 3
    assert {r.request_id for r in job_lines} == {sent["X-Request-ID"]}


def _file(data: bytes):
    return SimpleUploadedFile("m.csv", data)


def test_a_change_to_the_schools_moves_the_cached_network_figures_on(
    hub_a, django_capture_on_commit_callbacks
):
    SchoolFactory(hub=hub_a, pupils_on_roll=100)
    with django_capture_on_commit_callbacks(execute=True):
        pass
    before = network_figures(2026)[0].schools

    with django_capture_on_commit_callbacks(execute=True):
        SchoolFactory(hub=hub_a, pupils_on_roll=200)
    after = network_figures(2026)[0].schools

    assert after == before + 1


def test_a_change_to_a_review_or_a_support_request_moves_the_figures_on_too(
    school_a, django_capture_on_commit_callbacks
):
    first = network_version()
    with django_capture_on_commit_callbacks(execute=True):
        published_review(school=school_a)
    second = network_version()
    with django_capture_on_commit_callbacks(execute=True):
        SupportRequestFactory(school=school_a, practice_areas=[default_area()])
    third = network_version()

    assert first != second != third
