"""Whatever is typed or uploaded, the answer is one of two, never a 500: refused with a message
and nothing stored, or stored as typed and shown as text (markup in it is escaped).

Hypothesis runs many examples in one test's transaction, so each example notes what it starts
from and checks against that.
"""

import datetime
import io
import itertools
import uuid
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from uuid import uuid4

from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brokering.models import SupportRequest
from hubs.gias import import_gias
from hubs.models import FundingAllocation, ImportRun, School, SpendCategory, SpendEntry
from tests.factories.brokering import default_area
from tests.factories.operations import YEAR
from tests.hubs.test_gias_import import as_csv, sample_rows
from tests.hubs.test_school_edit import form_data

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
# Markup someone might paste into a name: it must come back as text, never as a tag.
MARKUP = '<marquee onstart="alert(1)">Ash & "Oak"</marquee>'


def shown_as_text(page: str, typed: str) -> bool:
    if "<marquee" in page:
        return False
    return "&lt;marquee" in page if "<marquee" in typed else True


def shown_errors(response) -> list[str]:
    """The form's error messages that the page shows."""
    page = response.content.decode()
    messages = itertools.chain.from_iterable(response.context["form"].errors.values())
    return [message for message in messages if escape(message) in page]


def as_number(typed: str):
    try:
        return Decimal(typed.strip())
    except InvalidOperation:
        return None


@EXAMPLES
@given(data=st.binary(max_size=3000))
@example(data=b"")
@example(data=b"URN,EstablishmentName\r\n100001,Alder")
def test_any_uploaded_bytes_are_refused_with_a_message_and_nothing_stored(db, data):
    before = School.objects.count()

    result = import_gias(data, dry_run=False)

    # Bytes that are not a GIAS extract lack its columns at the least.
    assert not result.ok and not result.applied
    assert all(line >= 1 and reason for line, reason in result.errors)
    assert School.objects.count() == before
    run = ImportRun.objects.latest("pk")
    assert (run.created, run.bad_rows) == (0, len(result.errors))
    assert result.errors[0][1] in run.summary


@EXAMPLES
@given(name=TYPED, local_authority=TYPED, pupils=NUMBERISH, fsm=NUMBERISH)
@example(name=MARKUP, local_authority="Leeds", pupils="315", fsm="12.5")
@example(name=" ", local_authority="", pupils="", fsm="")
def test_what_is_typed_into_an_extract_is_refused_for_its_line_or_stored_as_typed(
    client_for, central_team, name, local_authority, pupils, fsm
):
    header, rows = sample_rows()
    row = rows[0]
    urn = row[header.index("URN")]
    typed = {
        "EstablishmentName": name,
        "LA (name)": local_authority,
        "NumberOfPupils": pupils,
        "PercentageFSM": fsm,
    }
    for column, value in typed.items():
        row[header.index(column)] = value
    data = as_csv(header, [row])
    # The row's line: where its record ends, as a line break typed into a cell makes it longer.
    last_line = len(io.StringIO(data.decode(), newline="").readlines())
    before = list(School.objects.filter(urn=urn).values())

    result = import_gias(data, dry_run=False)

    if not result.ok:
        assert [line for line, _ in result.errors] == [last_line]
        assert all(reason for _, reason in result.errors)
        assert list(School.objects.filter(urn=urn).values()) == before
        return
    school = School.objects.get(urn=urn)
    assert (school.name, school.local_authority) == (name.strip(), local_authority.strip())
    assert school.pupils_on_roll == (int(pupils) if pupils.strip() else None)
    expected_fsm = as_number(fsm)
    assert school.percent_fsm == (
        expected_fsm.quantize(Decimal("0.01"), ROUND_HALF_UP) if fsm.strip() else None
    )
    page = client_for(central_team).get(school.get_absolute_url()).content.decode()
    assert escape(school.name) in page
    assert shown_as_text(page, name)


@EXAMPLES
@given(name=TYPED, pupils=NUMBERISH, fsm=NUMBERISH, inspected=DATEISH)
@example(name=MARKUP, pupils="412", fsm="31.5", inspected="2024-03-14")
@example(name="Alder Primary", pupils="-1", fsm="140", inspected="31-02-2025")
def test_the_school_edit_form_refuses_with_a_message_or_stores_as_typed(
    client_for, hub_manager_a, school_a, name, pupils, fsm, inspected
):
    school_a.refresh_from_db()
    before = School.objects.values().get(pk=school_a.pk)
    typed = {"name": name, "pupils_on_roll": pupils, "percent_fsm": fsm}
    form = form_data(school_a, ofsted_inspection_date=inspected, **typed)
    client = client_for(hub_manager_a)

    response = client.post(reverse("hubs:school_edit", args=[school_a.urn]), form)

    if response.status_code == 200:
        assert shown_errors(response)
        assert School.objects.values().get(pk=school_a.pk) == before
        return
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.name == name.strip()
    assert school_a.pupils_on_roll == (int(pupils) if pupils.strip() else None)
    assert school_a.percent_fsm == (as_number(fsm) if fsm.strip() else None)
    assert str(school_a.ofsted_inspection_date or "") == inspected.strip()
    page = client.get(school_a.get_absolute_url()).content.decode()
    assert escape(school_a.name) in page
    assert shown_as_text(page, name)


@EXAMPLES
@given(
    amount=st.one_of(NUMBERISH, st.decimals(0, 2000, places=2).map(str)),
    spent_on=st.one_of(
        DATEISH, st.dates(datetime.date(YEAR, 9, 1), datetime.date(YEAR + 1, 8, 31)).map(str)
    ),
    description=TYPED,
    category=st.one_of(TYPED, st.sampled_from(SpendCategory.values)),
)
@example(amount="100.00", spent_on=f"{YEAR}-10-01", description=MARKUP, category="staff_training")
@example(amount="5000", spent_on=f"{YEAR}-10-01", description="Over", category="staff_training")
def test_the_spend_form_refuses_with_a_message_or_stores_as_typed(
    client_for, hub_manager_a, hub_a, amount, spent_on, description, category
):
    SpendEntry.objects.all().delete()
    FundingAllocation.objects.get_or_create(
        hub=hub_a, academic_year=YEAR, defaults={"amount": 1000}
    )
    form = {
        "amount": amount,
        "spent_on": spent_on,
        "description": description,
        "category": category,
        "submission_token": uuid4(),
    }
    client = client_for(hub_manager_a)

    response = client.post(reverse("hubs:spend_create", args=[hub_a.slug]) + f"?year={YEAR}", form)

    if response.status_code == 200:
        # Refused by the form, or over the allocation and not yet confirmed.
        over = response.context["needs_confirmation"]
        assert shown_errors(response) or (over and escape(over) in response.content.decode())
        assert not SpendEntry.objects.exists()
        return
    assert response.status_code == 302
    entry = SpendEntry.objects.get()
    stored = (entry.amount, str(entry.spent_on), entry.category, entry.description)
    assert stored == (as_number(amount), spent_on.strip(), category, description.strip())
    page = client.get(reverse("hubs:funding", args=[hub_a.slug]), {"year": YEAR})
    assert shown_as_text(page.content.decode(), description)


@EXAMPLES
@given(needed=TYPED, target=DATEISH, fmt=st.sampled_from(["visit", "remote", "", "bogus"]))
@example(needed=MARKUP, target="2027-05-01", fmt="remote")
@example(needed="", target="2027-05-01", fmt="remote")
def test_the_support_request_form_refuses_with_a_message_or_stores_as_typed(
    client_for, contact_b, school_b, needed, target, fmt
):
    before = SupportRequest.objects.count()
    form = {
        "school": school_b.pk,
        "practice_areas": [default_area().pk],
        "needed": needed,
        "target_date": target,
        "preferred_format": fmt,
        "submission_token": uuid.uuid4(),
    }
    client = client_for(contact_b)

    response = client.post(reverse("brokering:request_create"), form)

    if response.status_code == 200:
        assert shown_errors(response)
        assert SupportRequest.objects.count() == before
        return
    assert response.status_code == 302
    request = SupportRequest.objects.latest("pk")
    assert SupportRequest.objects.count() == before + 1
    stored = (request.school, request.needed, str(request.target_date), request.preferred_format)
    assert stored == (school_b, needed.strip(), target.strip(), fmt)
    page = client.get(response.url).content.decode()
    assert shown_as_text(page, needed)
