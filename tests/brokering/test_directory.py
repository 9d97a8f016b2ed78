"""The school support directory, a school's directory page, similar schools and comparison."""

from decimal import Decimal

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse

from brokering.filters import AOE_SEARCH_VECTOR
from brokering.matching import similar_schools
from reviews.models import AreaOfExcellence
from tests.factories.brokering import (
    AreaOfExcellenceFactory,
    EvenBetterIfFactory,
    PracticeAreaFactory,
    ReviewFactory,
)
from tests.factories.hubs import SchoolFactory

pytestmark = pytest.mark.django_db


def _names(client, **params) -> list[str]:
    response = client.get(reverse("brokering:directory"), params)
    return [row.record.name for row in response.context["table"].paginated_rows]


@pytest.fixture
def client(client_for, contact_b):
    return client_for(contact_b)


@pytest.fixture
def schools(hub_a, maths):
    fractions = SchoolFactory(
        name="Fractions Primary",
        hub=hub_a,
        postcode="LS1 4AP",
        ofsted_framework="graded",
        ofsted_grade="outstanding",
        urn="654321",
    )
    AreaOfExcellenceFactory(
        school=fractions,
        practice_area=maths,
        description="Teaching fractions with bar models across key stage 2.",
    )
    phonics = SchoolFactory(name="Phonics Infant", phase="secondary", region="london")
    AreaOfExcellenceFactory(
        school=phonics,
        practice_area=PracticeAreaFactory(name="English (test)"),
        description="Systematic synthetic phonics and early reading.",
    )
    lapsed = SchoolFactory(name="Lapsed Juniors")
    AreaOfExcellenceFactory(
        school=lapsed,
        practice_area=maths,
        description="Fractions taught through practical work.",
        status=AreaOfExcellence.Status.NOT_VERIFIED,
    )
    return fractions, phonics, lapsed


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"q": "fractions"}, ["Fractions Primary"]),
        ({"q": "654321"}, ["Fractions Primary"]),
        ({"q": "ls1 4ap"}, ["Fractions Primary"]),
        ({"phase": "secondary"}, ["Phonics Infant"]),
        ({"region": "london"}, ["Phonics Infant"]),
        ({"ofsted_grade": "outstanding"}, ["Fractions Primary"]),
        ({"excellence": "fraction"}, ["Fractions Primary"]),  # stemmed: "fractions"
        ({"excellence": "phonics reading"}, ["Phonics Infant"]),
    ],
)
def test_directory_search(client, schools, params, expected):
    assert _names(client, **params) == expected


def test_directory_filters_by_hub_and_verified_area(client, schools, hub_a, maths):
    assert _names(client, hub=hub_a.name.lower()) == ["Fractions Primary"]
    # Lapsed Juniors' maths excellence was not verified, so it is not offered.
    assert _names(client, area=maths.pk) == ["Fractions Primary"]


def test_directory_never_shows_a_review_report(client, schools):
    fractions = schools[0]
    ebi = EvenBetterIfFactory(
        review=ReviewFactory(school=fractions, what_went_well_summary="Confidential summary."),
        text="Confidential improvement point.",
    )

    for url in [
        reverse("brokering:directory"),
        reverse("brokering:directory_school", args=[fractions.urn]),
        reverse("brokering:compare") + f"?urn={fractions.urn}",
    ]:
        page = client.get(url).content.decode()
        assert "Confidential" not in page
        assert ebi.text not in page
        assert ebi.review.get_absolute_url() not in page


def test_directory_page_shows_excellence_and_the_contact_route(client, schools, hub_manager_a):
    page = client.get(reverse("brokering:directory_school", args=[schools[0].urn])).content.decode()

    assert "Teaching fractions with bar models" in page
    assert "manager.a@example.org" in page
    assert "Raise a support request" in page


def test_similar_schools_prefer_same_phase_then_region_then_closest(school_b):
    # school_b: primary, north west, 300 pupils, 20% FSM, 12% SEN.
    close_here = SchoolFactory(name="Close here", pupils_on_roll=310)
    far_here = SchoolFactory(name="Far here", pupils_on_roll=900, percent_fsm=Decimal("50"))
    close_away = SchoolFactory(name="Close away", region="london", pupils_on_roll=300)
    SchoolFactory(name="Other phase", phase="secondary")
    SchoolFactory(name="Closed", is_open=False)

    similar = similar_schools(school_b)
    assert similar == [close_here, far_here, close_away]
    assert [getattr(school, "other_region", False) for school in similar] == [False, False, True]


def test_similar_schools_list_names_another_region(client, school_b):
    SchoolFactory(name="Close away", region="london", pupils_on_roll=300)
    page = client.get(reverse("brokering:directory_school", args=[school_b.urn])).content.decode()

    assert "Close away</a>: 300 pupils" in page
    assert "SEN, London</li>" in page
    assert "same region" not in page


def test_similar_special_schools_match_on_type(school_b):
    special = SchoolFactory(phase="special", establishment_type="Community special school")
    same_type = SchoolFactory(phase="special", establishment_type="Community special school")
    SchoolFactory(phase="special", establishment_type="Academy special converter")

    assert list(similar_schools(special)) == [same_type]


def test_compare_shows_up_to_five_schools_side_by_side(client, hub_a):
    schools = [SchoolFactory(name=f"Compare {n}", pupils_on_roll=100 + n) for n in range(6)]

    response = client.get(reverse("brokering:compare"), {"urn": [s.urn for s in schools]})

    assert [s.name for s in response.context["schools"]] == [f"Compare {n}" for n in range(5)]
    page = response.content.decode()
    assert "Up to 5 schools can be compared at once." in page
    assert "<caption>Context figures of 5 schools side by side</caption>" in page


def test_compare_reports_unknown_urns(client, school_b):
    response = client.get(reverse("brokering:compare"), {"urn": [school_b.urn, "999999"]})

    assert [s.urn for s in response.context["schools"]] == [school_b.urn]
    assert "No school with URN 999999." in response.content.decode()


def test_excellence_search_matches_its_full_text_index(schools):
    # The index serves the search only if the query's expression is exactly the indexed one.
    # The directory's query also filters on status and expiry, which a tiny test table answers
    # from another index, so the text condition is explained on its own here.
    search = SearchQuery("fractions", config="english", search_type="websearch")
    query = AreaOfExcellence.objects.annotate(search=AOE_SEARCH_VECTOR).filter(search=search)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "brokering_aoe_description_fts" in plan


def test_an_area_verified_twice_is_listed_once(client, client_for, central_team, hub_a, maths):
    school = SchoolFactory(name="Twice Verified Primary", hub=hub_a)
    for description in ["Maths mastery, first review.", "Maths mastery, second review."]:
        AreaOfExcellenceFactory(school=school, practice_area=maths, description=description)

    page = client.get(reverse("brokering:directory"), {"q": "Twice"}).content.decode()
    assert f">{maths.name}</td>" in page
    assert f"{maths.name}, {maths.name}" not in page
    compared = client.get(reverse("brokering:compare"), {"urn": school.urn}).content.decode()
    assert f"<td>{maths.name}</td>" in compared


def test_each_school_in_the_directory_links_to_its_page(client, schools):
    fractions, _, _ = schools

    page = client.get(reverse("brokering:directory")).content.decode()

    link = reverse("brokering:directory_school", kwargs={"urn": fractions.urn})
    assert f'<a href="{link}">Fractions Primary</a>' in page


def test_the_directory_ticks_schools_into_the_compare_form(client, schools):
    fractions, phonics, _ = schools

    page = client.get(reverse("brokering:directory")).content.decode()

    compare = reverse("brokering:compare")
    assert f'<form id="compare-form" method="get" action="{compare}"' in page
    for school in (fractions, phonics):
        assert (
            f'type="checkbox" name="urn" value="{school.urn}" form="compare-form"'
            f' aria-label="Compare {school.name}">'
        ) in page
