"""Real Chromium against the live server: sign-in helpers and the accessibility check.

Chromium comes from the machine's package manager (`apt-get install chromium`); Playwright's
own browser download is not used. Without Chromium the browser tests are not run and the run
says so at the end; on CI (CI=true) a missing browser is an error instead.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from partnership.lib.jobs import run_queued_here
from tests.factories.people import TEST_PASSWORD
from tests.security.totp import confirmed_device_for, totp_code_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE_SOURCE = Path(settings.BASE_DIR, "static", "vendor", "axe", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
MISSING_BROWSER = (
    "Chromium is not installed, so the browser tests did not run. "
    "Install it with `apt-get install chromium` and run `make test` again."
)

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a loop unless told it is safe, which it is here (one test at a time).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if CHROMIUM or not browser_tests:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(MISSING_BROWSER)
    config.hook.pytest_deselected(items=browser_tests)
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config._browser_tests_not_run = len(browser_tests)


def pytest_terminal_summary(terminalreporter, config):
    if getattr(config, "_browser_tests_not_run", 0):
        terminalreporter.write_line(
            f"{config._browser_tests_not_run} browser tests did not run. {MISSING_BROWSER}",
            yellow=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture
def page(page, live_server):
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    return page


@pytest.fixture
def worker(live_server):
    """Runs queued jobs while the test runs, as `make run`'s worker does beside the server."""
    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                run_queued_here()
                stop.wait(0.2)
        finally:
            connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(10)


def sign_in(page, user) -> None:
    """Sign in through the login page, and give the two-factor code when the role needs one."""
    device = confirmed_device_for(user) if user.needs_two_factor else None
    page.goto(f"{page.base_url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device:
        page.wait_for_url("**/2fa/authenticate/**")
        page.locator("input[name=code]").fill(totp_code_for(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical WCAG 2.2 AA violation on the page as it is now."""
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"Accessibility problems on {page.url}:\n{report}"
