"""The annual report in Chromium: every chart is drawn beside its table (no inline script: the
CSP would refuse it), the page prints without its buttons and with its charts inside the page,
and its PDF is built by the worker and downloaded. axe checks the page as it goes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.partnership.test_annual_report import YEAR, network  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_charts_print_and_the_pdf_built_by_the_worker(
    page,
    worker,
    network,  # noqa: F811
    central_team,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    sign_in(page, central_team)
    page.goto(f"{page.base_url}{reverse('reports:annual')}?year={YEAR}")

    charts = page.locator("canvas[data-chart^='chart-annual-']")
    assert charts.count() >= 6
    expect(page.locator("canvas[data-chart^='chart-annual-'][data-drawn='true']")).to_have_count(
        charts.count()
    )
    assert problems == []
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Build the PDF")).to_be_hidden()
    width = page.viewport_size["width"]
    for box in (charts.nth(i).bounding_box() for i in range(charts.count())):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Build the PDF").click()
    expect(page.get_by_role("status")).to_contain_text("The PDF is being built")
    assert_accessible(page)
    download_link = page.get_by_role("link", name="Download PDF")
    for _ in range(60):
        if download_link.count():
            break
        page.wait_for_timeout(500)
        page.get_by_role("link", name="Refresh this page").click()
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "annual-report-network-2025.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert_accessible(page)
