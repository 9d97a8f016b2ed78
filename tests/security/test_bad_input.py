"""Whatever is typed or uploaded, the answer is a page with errors or a success, never a 500,
and a refused submission changes nothing."""

import string

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brokering.models import SupportRequest
from hubs.gias import import_gias
from hubs.models import FundingAllocation, School, SpendEntry
from tests.factories.operations import YEAR
from tests.hubs.test_gias_import import SAMPLE

EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Text a person might type or paste, including the awkward parts.
TYPED = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
)
NUMBERISH = st.one_of(TYPED, st.integers(-(10**9), 10**9).map(str), st.just(""))
DATEISH = st.one_of(TYPED, st.dates().map(str), st.just("31-02-2025"))
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]


@EXAMPLES
@given(data=st.binary(max_size=3000))
def test_any_uploaded_bytes_import_all_or_nothing(db, data):
    before = School.objects.count()

    result = import_gias(data, dry_run=False)

    assert result.ok or School.objects.count() == before


@EXAMPLES
@given(
    rows=st.lists(
        st.lists(st.text(alphabet=string.printable, max_size=12), max_size=60), max_size=5
    )
)
def test_any_rows_under_a_real_header_import_all_or_nothing(db, rows):
    body = "\n".join(",".join(f'"{cell.replace(chr(34), "")}"' for cell in row) for row in rows)
    before = School.objects.count()

    result = import_gias(f"{HEADER}\n{body}".encode(), dry_run=False)

    if result.ok:
        assert School.objects.count() == before + len(result.created)
    else:
        assert School.objects.count() == before
        assert all(line >= 1 and reason for line, reason in result.errors)


@EXAMPLES
@given(name=TYPED, pupils=NUMBERISH, fsm=NUMBERISH, inspected=DATEISH)
def test_the_school_edit_form_never_fails(
    client_for, hub_manager_a, school_a, name, pupils, fsm, inspected
):
    before = School.objects.values().get(pk=school_a.pk)
    form = {
        "name": name,
        "phase": "primary",
        "governance": "community",
        "region": "north_west",
        "pupils_on_roll": pupils,
        "percent_fsm": fsm,
        "ofsted_inspection_date": inspected,
    }

    response = client_for(hub_manager_a).post(
        reverse("hubs:school_edit", args=[school_a.urn]), form
    )

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert School.objects.values().get(pk=school_a.pk) == before


@EXAMPLES
@given(amount=NUMBERISH, spent_on=DATEISH, description=TYPED, category=TYPED)
def test_the_spend_form_never_fails(
    client_for, hub_manager_a, hub_a, amount, spent_on, description, category
):
    FundingAllocation.objects.get_or_create(
        hub=hub_a, academic_year=YEAR, defaults={"amount": 1000}
    )
    before = SpendEntry.objects.count()
    form = {
        "amount": amount,
        "spent_on": spent_on,
        "description": description,
        "category": category,
    }

    response = client_for(hub_manager_a).post(
        reverse("hubs:spend_create", args=[hub_a.slug]) + f"?year={YEAR}", form
    )

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert SpendEntry.objects.count() == before


@EXAMPLES
@given(needed=TYPED, target=DATEISH, fmt=st.sampled_from(["visit", "remote", "", "bogus"]))
def test_the_support_request_form_never_fails(client_for, contact_b, school_b, needed, target, fmt):
    before = SupportRequest.objects.count()
    form = {
        "school": school_b.pk,
        "needed": needed,
        "target_date": target,
        "preferred_format": fmt,
    }

    response = client_for(contact_b).post(reverse("brokering:request_create"), form)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert SupportRequest.objects.count() == before
