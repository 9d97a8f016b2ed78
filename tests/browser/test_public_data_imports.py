"""The central team checks and imports exam results through the page, at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from publicdata.models import ExamResult
from tests.browser.conftest import assert_accessible, sign_in
from tests.publicdata.published import KS2_HEADER, published_csv

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KS2 = published_csv(KS2_HEADER, [{"URN": "100011", "LEA": "352", "PTRWM_EXP": "61%"}])
BAD = published_csv(KS2_HEADER, [{"URN": "12", "LEA": "352", "PTRWM_EXP": "61%"}])


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_central_team_checks_then_imports_results_without_a_second_upload(
    page, central_team, worker, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    file = tmp_path / "england_ks2final.csv"
    file.write_bytes(KS2)
    sign_in(page, central_team)
    page.goto(f"{page.base_url}/imports/results/")
    assert_accessible(page)
    page.get_by_label("Key stage").select_option("2")
    page.get_by_label("Academic year").select_option("2024")
    page.get_by_label("CSV file").set_input_files(file)
    page.get_by_role("button", name="Check the file (dry run)").click()

    expect(page.get_by_role("heading", name="Dry run: nothing changed yet")).to_be_visible()
    assert not ExamResult.objects.exists()
    assert_accessible(page)
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Import this file").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    assert ExamResult.objects.get().academic_year == 2024

    page.get_by_role("link", name="Back to the KS2 results import").click()
    expect(page.get_by_role("heading", name="Recent runs")).to_be_visible()
    assert_accessible(page)
    assert no_sideways_scroll(page)


def test_bad_rows_are_listed_by_line_and_no_import_is_offered(page, central_team, worker, tmp_path):
    page.set_viewport_size({"width": 390, "height": 900})
    file = tmp_path / "england_ks2final.csv"
    file.write_bytes(BAD)
    sign_in(page, central_team)
    page.goto(f"{page.base_url}/imports/results/")
    page.get_by_label("CSV file").set_input_files(file)
    page.get_by_role("button", name="Check the file (dry run)").click()

    expect(page.get_by_role("heading", name="1 bad row: nothing was changed")).to_be_visible()
    expect(page.get_by_role("button", name="Import this file")).to_have_count(0)
    assert_accessible(page)
    assert no_sideways_scroll(page)
