"""The key pages run the same queries whatever the data: each is pinned exactly at two sizes.

Each page is rendered inside the block, so whatever a table or template reads of a related row is
counted; the rows carry every relation their page shows (trusts, hubs, senior partners, reviewers'
schools), so a lost select_related shows up as a count that grows with the rows. Each test starts
with an empty cache, so the network figures that pages keep are counted as they are worked out.

Every signed-in request starts with the session and the user (the second factor costs no query:
the session records it); anyone but the central team's adds the three reads of their scope (hubs
managed, hubs led as senior partner, schools as contact).

The dashboards and the reports speak of this academic year, so their rows are dated from today.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from brokering.models import Status
from hubs.models import Membership
from hubs.years import current_academic_year
from partnership.lib.tables import ROWS_PER_PAGE
from partnership.views import DASHBOARD_TABLE_ROWS
from reviews.models import Review, ReviewStatusChange
from tests.factories.brokering import FeedbackFactory, SupportRequestFactory
from tests.factories.hubs import HubFactory, SchoolFactory, TrustFactory
from tests.factories.operations import FundingAllocationFactory, SpendEntryFactory
from tests.factories.people import UserFactory
from tests.factories.reviews import (
    AreaOfExcellenceFactory,
    EvenBetterIfFactory,
    ReviewerFactory,
    ReviewFactory,
    StrengthFactory,
    TeamMemberFactory,
    published_review,
    review_kind,
)

SIZES = [3, 30]
TODAY = timezone.localdate()
YEAR = current_academic_year(TODAY)


def schools_in(hub, size: int) -> list:
    """`size` schools of a trust in the hub, each with this year's review to come, last year's
    overdue report, a reviewer, an open support request and a completed one with feedback."""
    trust = TrustFactory()
    schools = SchoolFactory.create_batch(size, hub=hub, trust=trust)
    for school in schools:
        ReviewFactory(
            school=school, academic_year=YEAR, starts_on=TODAY + datetime.timedelta(days=7)
        )
        ReviewFactory(
            school=school,
            academic_year=YEAR - 1,
            status=Review.Status.ON_SITE,
            starts_on=TODAY - datetime.timedelta(days=200),
        )
        ReviewerFactory(school=school)
        SupportRequestFactory(school=school)
        FeedbackFactory(request__school=school, request__status=Status.COMPLETED)
    return schools


def page_rows(response) -> int:
    return len(response.context["table"].page.object_list)


@pytest.fixture
def school_a_history(school_a):
    """School A's own history, for its contact's dashboard and its profile: `size` earlier
    reviews, support requests and hub memberships."""

    def grow(size: int) -> None:
        for n in range(size):
            year = YEAR - 2 - n
            published_review(
                school=school_a, academic_year=year, starts_on=datetime.date(year, 11, 4)
            )
            SupportRequestFactory(school=school_a)
            Membership.objects.create(
                school=school_a,
                hub=HubFactory(),
                joined_on=datetime.date(1990 - n, 9, 1),
                left_on=datetime.date(1990 - n + 1, 8, 31),
            )

    return grow


@pytest.mark.parametrize("size", SIZES)
def test_the_central_teams_dashboard(client_for, central_team, size, django_assert_num_queries):
    for hub in HubFactory.create_batch(size, senior_partner=UserFactory()):
        schools_in(hub, 2)
    client = client_for(central_team)

    # session, user; the network's figures: schools by phase and governance,
    # joiners and leavers this year, headteachers' feedback on reviews, this year's reviews by
    # status, overdue reports, requests by status, feedback on brokering; the open requests the
    # user brokers; one page of hubs with their senior partners and totals
    with django_assert_num_queries(11):
        response = client.get(reverse("dashboard"))

    hubs = dict(response.context["panels"])["hubs/panels/hubs.html"]["table"]
    assert len(hubs.page.object_list) == min(size, DASHBOARD_TABLE_ROWS)


@pytest.mark.parametrize("role", ["hub_manager_a", "senior_partner_a"])
@pytest.mark.parametrize("size", SIZES)
def test_the_hub_staffs_dashboard(
    request, client_for, hub_a, role, size, django_assert_num_queries
):
    schools_in(hub_a, size)
    client = client_for(request.getfixturevalue(role))

    # session, user, scope (3); the user's hubs, their schools by phase and governance, joiners
    # and leavers, this year's and overdue reviews, requests by status with their feedback, the
    # network's feedback on brokering, the recent requests with their practice areas, one page
    # of the hub's schools; the navigation's "My hub" menu (the user's hubs' names) and whether
    # the user is a reviewer ("My reviews")
    with django_assert_num_queries(15):
        response = client.get(reverse("dashboard"))

    panels = dict(response.context["panels"])
    assert len(panels["hubs/panels/schools.html"]["table"].page.object_list) == min(
        size, DASHBOARD_TABLE_ROWS
    )
    assert len(panels["reviews/panels/hub.html"]["overdue"]) == min(size, 8)
    assert len(panels["brokering/panels/hub.html"]["recent"]) == min(2 * size, 5)


@pytest.mark.parametrize("size", SIZES)
def test_the_school_contacts_dashboard(
    client_for, contact_a, school_a_history, size, django_assert_num_queries
):
    school_a_history(size)
    client = client_for(contact_a)

    # session, user, scope (3); the school's latest reviews with their feedback, its recent
    # requests with their practice areas, the school itself; whether the user is a reviewer
    # (the navigation's "My reviews")
    with django_assert_num_queries(9):
        response = client.get(reverse("dashboard"))

    panels = dict(response.context["panels"])
    assert len(panels["reviews/panels/school.html"]["reviews"]) == min(size, 8)


@pytest.mark.parametrize(
    "role, queries",
    [
        # session, user; the hub filter's choices, COUNT of the schools
        # found, one page of them with their hubs
        ("central_team", 5),
        # session, user, scope (3); the same three; the navigation's "My hub" menu and whether
        # the user is a reviewer ("My reviews")
        ("hub_manager_a", 10),
    ],
)
@pytest.mark.parametrize("size", SIZES)
def test_the_schools_list_filtered(
    request, client_for, hub_a, hub_b, role, queries, size, django_assert_num_queries
):
    schools_in(hub_a, size)
    schools_in(hub_b, 2)
    client = client_for(request.getfixturevalue(role))
    url = reverse("hubs:school_list")

    with django_assert_num_queries(queries):
        response = client.get(url, {"hub": hub_a.name, "phase": "primary"})

    assert page_rows(response) == min(size, ROWS_PER_PAGE)


@pytest.mark.parametrize("size", SIZES)
def test_the_school_profile(
    client_for, hub_manager_a, hub_a, school_a, school_a_history, size, django_assert_num_queries
):
    school_a_history(size)
    # Enough schools like it in its region that similar schools are never sought elsewhere.
    SchoolFactory.create_batch(8, hub=hub_a)
    AreaOfExcellenceFactory(school=school_a)
    client = client_for(hub_manager_a)

    # session, user, scope (3); the school with its hub, trust and whether the user may edit
    # it; its reviews, their estimates, the frameworks' headings and the frameworks, its areas
    # of excellence; its support requests with their practice areas, similar schools in its
    # region; its programme enrolments; its memberships with their hubs; the navigation's
    # "My hub" menu and whether the user is a reviewer ("My reviews"); its public data: the
    # chain of URNs, inspections, exam results and designations; the impact of its reviews:
    # consecutive pairs, the earlier EBIs' outcomes, the earlier and the later estimates
    with django_assert_num_queries(25):
        response = client.get(school_a.get_absolute_url())

    assert len(response.context["memberships"]) == size + 1


@pytest.mark.parametrize("size", SIZES)
def test_the_hub_page(client_for, hub_manager_a, hub_a, size, django_assert_num_queries):
    hub_a.senior_partner = UserFactory(full_name="Sam Partner")
    hub_a.lead_school = SchoolFactory(hub=hub_a)
    hub_a.save()
    schools_in(hub_a, size)
    FundingAllocationFactory(hub=hub_a, academic_year=YEAR)
    client = client_for(hub_manager_a)

    # session, user, scope (3); the hub with its senior partner and lead school, its schools by
    # phase and governance, joiners and leavers; COUNT of its schools; this year's funding and
    # its spend by category; its managers; one page of its schools; the navigation's "My hub"
    # menu and whether the user is a reviewer ("My reviews")
    with django_assert_num_queries(15):
        response = client.get(reverse("hubs:detail", args=[hub_a.slug]))

    assert page_rows(response) == min(size + 1, ROWS_PER_PAGE)


@pytest.mark.parametrize("size", SIZES)
def test_the_hubs_list(client_for, central_team, size, django_assert_num_queries):
    for hub in HubFactory.create_batch(size, senior_partner=UserFactory()):
        hub.lead_school = SchoolFactory(hub=hub)
        hub.save()
    client = client_for(central_team)

    # session, user; COUNT of the hubs, one page of them with their senior
    # partners and their schools' and pupils' totals
    with django_assert_num_queries(4):
        response = client.get(reverse("hubs:list"))

    assert page_rows(response) == min(size, ROWS_PER_PAGE)


@pytest.mark.parametrize("size", SIZES)
def test_the_reviews_list(client_for, central_team, hub_a, size, django_assert_num_queries):
    schools_in(hub_a, size)
    client = client_for(central_team)

    # session, user; the hub filter's choices, the kind filter's (kinds are rows), one page of
    # reviews with their schools, hubs and kinds (the list pages on without counting)
    with django_assert_num_queries(5):
        response = client.get(reverse("reviews:list"))

    assert page_rows(response) == min(2 * size, ROWS_PER_PAGE)


@pytest.mark.parametrize("size", SIZES)
def test_the_review_page(client_for, central_team, school_a, size, django_assert_num_queries):
    previous = published_review(
        school=school_a, academic_year=YEAR - 2, starts_on=datetime.date(YEAR - 2, 11, 4)
    )
    review = published_review(
        school=school_a, academic_year=YEAR - 1, starts_on=datetime.date(YEAR - 1, 11, 4)
    )
    for _ in range(size):
        StrengthFactory(review=review)
        EvenBetterIfFactory(review=review)
        EvenBetterIfFactory(review=previous)
        ReviewStatusChange.objects.create(
            review=review, to_status=Review.Status.PUBLISHED, changed_by=central_team
        )
    for reviewer in (ReviewerFactory(role="lead"), ReviewerFactory()):
        TeamMemberFactory(review=review, reviewer=reviewer)
    AreaOfExcellenceFactory(school=school_a, review=review, verified_by=central_team)
    client = client_for(central_team)

    # session, user; the review with its school, hub and framework; its
    # estimates with their grades, the framework's headings; the previous review, its even
    # better ifs; the team with each reviewer's user and school, the strengths, the even better
    # ifs with their practice areas, the area of excellence, the timeline with who made each
    # change, the headteacher's feedback; the school's self-evaluation
    with django_assert_num_queries(14):
        response = client.get(review.get_absolute_url())

    assert len(response.context["ebis"]) == size + 1
    assert len(response.context["timeline"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_the_reviewer_register(client_for, central_team, hub_a, size, django_assert_num_queries):
    for reviewer in ReviewerFactory.create_batch(size, school=SchoolFactory(hub=hub_a)):
        TeamMemberFactory(reviewer=reviewer, review__school=SchoolFactory(hub=hub_a))
    client = client_for(central_team)

    # session, user; the hub filter's choices, one page of reviewers with
    # their users, schools, hubs and reviews done (the register pages on without counting)
    with django_assert_num_queries(4):
        response = client.get(reverse("reviews:reviewers"))

    assert page_rows(response) == min(size, ROWS_PER_PAGE)


@pytest.mark.parametrize("size", SIZES)
def test_the_network_report(client_for, central_team, hub_a, size, django_assert_num_queries):
    for school in schools_in(hub_a, size):
        allocation = FundingAllocationFactory(hub=HubFactory(), academic_year=YEAR)
        SpendEntryFactory(allocation=allocation, spent_on=TODAY, overspend=True)
        Membership.objects.filter(school=school).update(joined_on=TODAY)
        for year in (YEAR - 2, YEAR):  # a review this year follows up an earlier one
            published_review(
                school=school,
                kind=review_kind("spotlight"),
                spotlight_scope="Maths",
                academic_year=year,
                starts_on=datetime.date(year, 11, 4),
            )
    client = client_for(central_team)

    # session, user; schools, pupils and trusts, hubs, schools by phase and
    # by governance, joiners and leavers by year, this year's reviews by kind, estimates by
    # heading and their frameworks' grades, each hub's budget, spend by category, requests with
    # their feedback, requests by practice area, the impact of reviews (pairs, earlier EBIs'
    # outcomes, the earlier and the later estimates), one page of spend flagged over budget
    with django_assert_num_queries(19):
        response = client.get(reverse("reports:network"))

    figures = response.context["report"].figures
    assert figures["headline"]["schools"] == size
    assert len(figures["flagged"]) == size
    assert figures["impact"]["pairs"] == size
