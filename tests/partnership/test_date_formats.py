"""Every page writes a date one way, "4 Dec 2026": never 2026-12-04 nor 04/12/2026."""

import re

import pytest
from django.utils.formats import date_format

from tests.security.test_url_access_matrix import CASES, CENTRAL, MANAGER, _side, _url

# A date in ISO form or day/month/year, as text a person reads.
OTHER_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")
# Markup, and what a person never reads as text: scripts' data and form fields' values.
NOT_TEXT = re.compile(r"<script\b.*?</script>|<[^>]*>", re.DOTALL)

# Downloads (a CSV, a calendar feed, a receipt, a JSON export, a PDF) keep machine-readable dates:
# they are not pages.
DOWNLOADS = {
    "brokering:queue_export",
    "events:hub_events_ics",
    "finance:table_csv",
    "reports:annual_pdf",
    "reports:hub_annual_pdf",
    "hubs:spend_receipt",
    "privacy:export",
    "programmes:cohort_export",
    "programmes:hub_enrolments_export",
    "programmes:network_enrolments_export",
}
PAGES = sorted(
    name
    for name, case in CASES.items()
    if case.method == "get"
    and CENTRAL in case.sees
    and case.changes is None
    and name not in DOWNLOADS
)


def text_of(html: str) -> str:
    return NOT_TEXT.sub(" ", html)


@pytest.fixture
def side(settings, tmp_path, hub_a, school_a):
    settings.MEDIA_ROOT = tmp_path
    return _side(hub_a, school_a)


def test_the_formats_are_the_ones_the_pages_use():
    import datetime

    day = datetime.date(2026, 12, 4)
    assert date_format(day) == "4 Dec 2026"
    assert date_format(day, "SHORT_DATE_FORMAT") == "4 Dec 2026"


@pytest.mark.parametrize("name", PAGES)
def test_a_page_writes_dates_one_way(request, client_for, side, name):
    role = MANAGER if MANAGER in CASES[name].sees else CENTRAL
    response = client_for(request.getfixturevalue(role)).get(_url(name, side), follow=True)
    assert "text/html" in response["Content-Type"]

    found = OTHER_DATE.findall(text_of(response.content.decode()))

    assert found == [], f"{name} writes {found}"
