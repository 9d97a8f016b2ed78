"""The GIAS links file: a school keeps its history when its URN changes."""

import datetime

import pytest
from django.core.management import call_command

from brokering.models import SupportRequest
from hubs.choices import Governance
from hubs.models import Membership, School
from publicdata.imports import import_links
from publicdata.models import Designation, SchoolLink, ancestors
from tests.factories.brokering import SupportRequestFactory
from tests.factories.hubs import HubFactory, SchoolFactory
from tests.factories.publicdata import DesignationFactory
from tests.factories.reviews import ReviewFactory
from tests.publicdata.published import LINKS_HEADER, published_csv

pytestmark = pytest.mark.django_db


def links_file(*rows: tuple) -> bytes:
    return published_csv(
        LINKS_HEADER,
        [
            {"URN": a, "LinkURN": b, "LinkName": name, "LinkType": kind, "LinkEstablishedDate": on}
            for a, b, name, kind, on in rows
        ],
    )


# GIAS lists each link from both ends.
CONVERSION = (
    ("100001", "140001", "Oak Academy", "Successor", "01-09-2023"),
    ("140001", "100001", "Oak Primary School", "Predecessor", "01-09-2023"),
)


@pytest.fixture
def conversion():
    """A member school, with a review, a request and a designation, that became an academy."""
    hub = HubFactory(name="Hub A", slug="hub-a")
    old = SchoolFactory(urn="100001", name="Oak Primary School", hub=hub, is_open=False)
    new = SchoolFactory(urn="140001", name="Oak Academy", governance=Governance.ACADEMY_CONVERTER)
    ReviewFactory(school=old)
    SupportRequestFactory(school=old)
    DesignationFactory(school=old)
    return old, new, hub


def test_both_ends_of_a_link_make_one_link():
    result = import_links(links_file(*CONVERSION), dry_run=False)

    assert result.ok and result.applied
    link = SchoolLink.objects.get()
    assert (link.predecessor_urn, link.successor_urn) == ("100001", "140001")
    assert link.kind == SchoolLink.Kind.SUCCESSOR
    assert link.established_on == datetime.date(2023, 9, 1)
    assert result.skipped == {"the other end of a link already read": 1}


def test_the_history_moves_to_the_new_urn(conversion):
    old, new, hub = conversion

    result = import_links(links_file(*CONVERSION), dry_run=False)

    assert new.reviews.count() == 1
    assert SupportRequest.objects.get().school == new
    assert Designation.objects.get().school == new
    membership = Membership.objects.get()
    assert (membership.school, membership.hub) == (new, hub)
    assert School.objects.get(urn="140001").hub == hub
    assert School.objects.get(urn="100001").hub is None
    assert any("carried over to Oak Academy (140001)" in note for note in result.notes)


def test_a_dry_run_reports_the_carry_over_and_changes_nothing(conversion):
    old, new, hub = conversion

    result = import_links(links_file(*CONVERSION), dry_run=True)

    assert result.created == 1
    assert any("carried over" in note for note in result.notes)
    assert not SchoolLink.objects.exists()
    assert old.reviews.count() == 1
    assert School.objects.get(urn="100001").hub == hub


def test_a_second_run_changes_nothing(conversion):
    data = links_file(*CONVERSION)
    import_links(data, dry_run=False)

    again = import_links(data, dry_run=False)

    assert (again.created, again.changed, again.unchanged) == (0, 0, 1)
    assert not any("carried over" in note for note in again.notes)


def test_a_successor_not_yet_held_waits_for_the_gias_import():
    SchoolFactory(urn="100001", hub=HubFactory())

    result = import_links(links_file(*CONVERSION), dry_run=False)

    assert any("not held yet" in note for note in result.notes)
    assert SchoolLink.objects.count() == 1
    assert School.objects.get(urn="100001").hub is not None


def test_a_clash_is_reported_and_that_link_carries_nothing(conversion):
    old, new, hub = conversion
    Membership.objects.create(school=new, hub=HubFactory(), joined_on=datetime.date(2023, 9, 1))

    result = import_links(links_file(*CONVERSION), dry_run=False)

    assert result.applied
    assert any("was not carried over" in note for note in result.notes)
    assert old.reviews.count() == 1  # the link's whole carry-over was undone
    assert SchoolLink.objects.count() == 1


def test_an_amalgamation_and_a_split_are_told_apart():
    data = links_file(
        ("100001", "140005", "", "Result of Amalgamation", ""),
        ("100002", "140005", "", "Successor - amalgamated", "01-04-2024"),
        ("100003", "140006", "", "Successor - Split School", ""),
        ("100003", "140007", "", "Successor - Split School", ""),
        ("140008", "100004", "", "Predecessor - merged", ""),
        ("100009", "100010", "", "Sixth form centre link", ""),
    )

    result = import_links(data, dry_run=False)

    assert result.ok
    kinds = dict(
        SchoolLink.objects.values_list("predecessor_urn", "kind").filter(
            successor_urn__in=["140005", "140006", "140008", "100010"]
        )
    )
    assert kinds == {
        "100001": SchoolLink.Kind.AMALGAMATED,
        "100002": SchoolLink.Kind.AMALGAMATED,
        "100003": SchoolLink.Kind.SPLIT,
        "100004": SchoolLink.Kind.MERGED,
        "100009": SchoolLink.Kind.OTHER,
    }
    links = SchoolLink.objects.chain_of("140005")
    assert sorted(ancestors("140005", links)) == ["100001", "100002"]
    assert ancestors("140006", SchoolLink.objects.chain_of("140006")) == []


def test_bad_rows_are_listed_by_line():
    data = links_file(
        ("100001", "140001", "", "Successor", "01-09-2023"),
        ("10000", "140001", "", "Successor", ""),
        ("100002", "100002", "", "Successor", ""),
        ("100003", "140003", "", "", ""),
        ("100004", "140004", "", "Successor", "2023-09-31"),
    )

    result = import_links(data, dry_run=False)

    assert [line for line, _ in result.errors] == [3, 4, 5, 6]
    assert "linked to itself" in result.errors[1][1]
    assert not SchoolLink.objects.exists()


def test_the_command_reports_the_carry_over(conversion, tmp_path, capsys):
    path = tmp_path / "links_edubasealldata.csv"
    path.write_bytes(links_file(*CONVERSION))

    call_command("import_links", str(path), verbosity=1)

    out = capsys.readouterr().out
    assert "1 created" in out and "carried over to Oak Academy (140001)" in out
