"""Two gunicorn servers on two ports, one database, one cache, one upload storage.

A user signs in on one and carries on, second factor included, on the other; a lockout from
wrong passwords on one holds on the other; a file uploaded through one is served by the other;
both show the same network figures, before and after a change.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.management import call_command

from hubs.models import SpendEntry
from tests.factories.hubs import HubFactory, SchoolFactory
from tests.factories.operations import FundingAllocationFactory
from tests.factories.people import TEST_PASSWORD, CentralTeamFactory
from tests.jobs.test_worker import database_url
from tests.security.totp import confirmed_device_for, totp_code_for

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SHARED_CACHE = "dbcache://partnership_cache"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_cache(settings):
    """The test process uses the servers' cache too, so its changes move their figures on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "partnership_cache",
        }
    }
    call_command("createcachetable", verbosity=0)


@pytest.fixture
def servers(shared_cache, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CACHE_URL": SHARED_CACHE,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "false",
        "SECRET_KEY": "two-servers-test-key-0123456789-0123456789-0123456789",
        "WEB_CONCURRENCY": "1",
        "DB_POOL_MIN": "1",
        "DB_POOL_MAX": "2",
        "LOG_LEVEL": "WARNING",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "partnership/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert time.monotonic() < deadline, f"{base} did not start"
                time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def post_form(session, url: str, data: dict, files=None):
    page = session.get(url).text
    return session.post(
        url,
        data={"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), **data},
        files=files,
        headers={"Referer": url},
    )


def sign_in(session, base: str, email: str, password: str):
    """The password step of signing in (the one place to change when sign-in changes)."""
    return post_form(session, f"{base}/accounts/login/", {"login": email, "password": password})


def second_factor(session, base: str, code: str):
    return post_form(session, f"{base}/accounts/2fa/authenticate/", {"code": code})


def test_signed_in_on_one_server_the_user_carries_on_with_the_second_factor_on_the_other(
    servers,
):
    one, two = servers
    user = CentralTeamFactory(email="central@example.org")
    device = confirmed_device_for(user)
    session = requests.Session()

    signed = sign_in(session, one, user.email, TEST_PASSWORD)
    assert "/accounts/2fa/authenticate/" in signed.url
    verified = second_factor(session, two, totp_code_for(device))
    dashboard = session.get(f"{one}/jobs/")

    assert verified.status_code == 200 and "/accounts/" not in verified.url
    assert dashboard.status_code == 200 and "Background jobs" in dashboard.text


def test_a_lockout_on_one_server_holds_on_the_other(servers):
    one, two = servers
    user = CentralTeamFactory(email="locked@example.org")

    for _ in range(5):
        sign_in(requests.Session(), one, user.email, "not the password at all")
    locked = sign_in(requests.Session(), two, user.email, TEST_PASSWORD)

    assert "locked" in locked.text.lower()
    assert "/accounts/2fa/" not in locked.url


def test_a_file_uploaded_through_one_server_is_served_by_the_other(servers):
    one, two = servers
    user = CentralTeamFactory(email="central@example.org")
    device = confirmed_device_for(user)
    hub = HubFactory(slug="hub-a")
    FundingAllocationFactory(hub=hub)
    session = requests.Session()
    sign_in(session, one, user.email, TEST_PASSWORD)
    second_factor(session, one, totp_code_for(device))
    receipt = b"%PDF-1.4 a receipt sent to one server"

    url = f"{one}/hubs/hub-a/funding/spend/new/?year=2025"
    page = session.get(url).text
    sent = session.post(
        url,
        data={
            "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
            "submission_token": hidden(page, "submission_token"),
            "spent_on": "2025-10-01",
            "amount": "10.00",
            "category": "workshops_events",
            "description": "Room hire",
        },
        files={"receipt": ("receipt.pdf", receipt, "application/pdf")},
        headers={"Referer": url},
    )
    spend = SpendEntry.objects.get()
    served = session.get(f"{two}/hubs/hub-a/funding/spend/{spend.pk}/receipt/")

    assert sent.status_code == 200
    assert served.status_code == 200
    assert served.content == receipt


def network_schools(session, base: str) -> str:
    page = session.get(f"{base}/reports/").text
    return re.search(r"<strong>([\d,]+)</strong> schools</li>", page).group(1)


def test_both_servers_show_the_same_network_figures_before_and_after_a_change(servers):
    one, two = servers
    user = CentralTeamFactory(email="central@example.org")
    device = confirmed_device_for(user)
    hub = HubFactory()
    SchoolFactory(hub=hub)
    session = requests.Session()
    sign_in(session, one, user.email, TEST_PASSWORD)
    second_factor(session, one, totp_code_for(device))

    before = [network_schools(session, base) for base in (one, two)]
    SchoolFactory(hub=hub)
    after = [network_schools(session, base) for base in (two, one)]

    assert before == ["1", "1"]
    assert after == ["2", "2"]
