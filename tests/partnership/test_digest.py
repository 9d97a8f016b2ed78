"""The weekly digest: what each role's says, a week with nothing sends nothing, the preview and
the switch, and the command that sends each person's at most once a week."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from hubs.models import ActionPriority, ImportRun
from partnership.digest.build import digest_for
from partnership.digest.send import send_weekly_digests
from partnership.lib.digest import DigestWeek
from partnership.models import DigestSent
from reviews.models import Review
from tests.factories.brokering import SupportRequestFactory
from tests.factories.events import BookingFactory, EventFactory
from tests.factories.hubs import SchoolFactory
from tests.factories.operations import ActionPriorityFactory, aware
from tests.factories.people import UserFactory
from tests.factories.reviews import ReviewFactory, TeamMemberFactory

# A Monday: the digest of the week 3-9 November 2025, looking back to 27 October.
WEEK = DigestWeek(datetime.date(2025, 11, 3))


def headings(user) -> dict[str, list[str]]:
    digest = digest_for(user, WEEK)
    return {heading: [text for text, _ in lines] for heading, lines in digest.parts}


@pytest.fixture
def network_week(hub_a, school_a, hub_b, school_b):
    """Something for each role in hub A's week, and things in hub B none of them should see."""
    for school in (school_a, school_b):
        ReviewFactory(school=school, starts_on=datetime.date(2025, 11, 12), academic_year=2025)
        SupportRequestFactory(school=school, submitted_at=aware(2025, 10, 30, 10))
    # Raised a month ago and still unanswered: past its first-response target.
    SupportRequestFactory(school=school_b, submitted_at=aware(2025, 10, 1, 10))
    ActionPriorityFactory(hub=hub_a, title="Oracy", status=ActionPriority.Status.RED)
    ActionPriorityFactory(hub=hub_b, title="Not ours", status=ActionPriority.Status.RED)
    meeting = EventFactory(
        hub=hub_a,
        title="Autumn hub meeting",
        starts_at=aware(2025, 11, 5, 16),
        ends_at=aware(2025, 11, 5, 18),
    )
    national = EventFactory(
        hub=None,
        kind=Event.Kind.NATIONAL_EVENT,
        title="National conference",
        starts_at=aware(2025, 11, 7, 9),
        ends_at=aware(2025, 11, 7, 16),
    )
    ImportRun.objects.create(
        kind=ImportRun.Kind.GIAS, file_name="extract.csv", dry_run=False, bad_rows=3
    )
    ImportRun.objects.filter(file_name="extract.csv").update(run_at=aware(2025, 10, 29, 9))
    return {"meeting": meeting, "national": national}


def test_the_hub_managers_digest(hub_manager_a, network_week):
    parts = headings(hub_manager_a)

    assert parts.pop("Events you run this week") == [
        "Wed 5 Nov 16:00: Autumn hub meeting at Alder Primary"
    ]
    assert parts.pop("Reviews in the next fortnight") == [
        "Wed 12 Nov: Annual QA review of Alder Primary"
    ]
    assert parts.pop("Action-plan priorities off track") == ["Hub A: Oracy (Mina Manager)"]
    (request,) = parts.pop("New support requests last week")
    assert "Alder Primary" in request
    assert parts == {}


def test_the_central_teams_digest(central_team, network_week):
    parts = headings(central_team)

    assert parts["Events you run this week"] == [
        "Fri 7 Nov 09:00: National conference at Alder Primary"
    ]
    assert parts["The brokering queue"] == ["1 request past the first-response target"]
    assert parts["Imports with problems"] == [
        "GIAS establishments import of extract.csv on 29 Oct: 3 rows not read"
    ]


def test_a_school_contacts_digest_has_their_bookings_review_and_requests(contact_a, network_week):
    BookingFactory(event=network_week["national"], user=contact_a)

    parts = headings(contact_a)

    assert parts["Your bookings this week"] == [
        "Fri 7 Nov 09:00: National conference at Alder Primary"
    ]
    assert parts["Reviews in the next fortnight"] == [
        "Wed 12 Nov: Annual QA review of Alder Primary"
    ]
    assert list(parts) == [
        "Reviews in the next fortnight",
        "New support requests last week",
        "Your bookings this week",
    ]


def test_a_reviewers_digest_names_their_next_review(school_b):
    review = ReviewFactory(
        school=school_b, starts_on=datetime.date(2025, 12, 1), academic_year=2025
    )
    member = TeamMemberFactory(review=review)

    assert headings(member.reviewer.user) == {
        "Your next review": ["Mon 1 Dec: Annual QA review of Birch Academy"]
    }


def test_a_week_with_nothing_to_say_sends_nothing(db):
    assert digest_for(UserFactory(), WEEK) is None


def test_the_digest_links_back_into_the_app(hub_manager_a, network_week, settings):
    settings.SITE_URL = "https://partnership.example.org"

    digest = digest_for(hub_manager_a, WEEK)

    meeting = network_week["meeting"]
    link = f"https://partnership.example.org/events/{meeting.pk}/"
    assert link in digest.text and f'href="{link}"' in digest.html
    assert "https://partnership.example.org/weekly-email/" in digest.text


def test_the_digest_runs_the_same_queries_for_a_busy_week(
    hub_manager_a, hub_a, school_a, network_week
):
    def queries() -> int:
        user = type(hub_manager_a).objects.get(pk=hub_manager_a.pk)  # its scope not yet known
        with CaptureQueriesContext(connection) as captured:
            digest_for(user, WEEK)
        return len(captured.captured_queries)

    quiet = queries()
    for day in range(3, 9):
        EventFactory(hub=hub_a, starts_at=aware(2025, 11, day, 9), ends_at=aware(2025, 11, day, 10))
        SupportRequestFactory(school=school_a, submitted_at=aware(2025, 10, 28, day))
        ReviewFactory(
            school=SchoolFactory(hub=hub_a),
            starts_on=datetime.date(2025, 11, 10 + day),
            academic_year=2025,
        )
    busy = queries()

    # scope (three), reviewer check-free: reviews (two), requests, priorities, events (two)
    assert quiet == busy <= 12


def test_the_command_sends_each_digest_once_and_skips_those_who_turned_it_off(
    hub_manager_a, contact_a, senior_partner_a, network_week, capsys
):
    BookingFactory(event=network_week["national"], user=contact_a)
    senior_partner_a.weekly_digest = False
    senior_partner_a.save()
    UserFactory()  # nothing to say to them

    call_command("send_weekly_digest", "--week-of", "2025-11-05")
    call_command("send_weekly_digest", "--week-of", "2025-11-05")

    assert sorted(m.to[0] for m in mail.outbox) == [contact_a.email, hub_manager_a.email]
    assert all(m.alternatives[0][1] == "text/html" for m in mail.outbox)
    assert DigestSent.objects.filter(week_starts_on=WEEK.starts_on).count() == 2
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("Week of 3 Nov 2025: 2 sent")
    assert second.startswith("Week of 3 Nov 2025: 0 sent")


def test_a_digest_already_recorded_for_the_week_is_not_sent_again(hub_manager_a, network_week):
    DigestSent.objects.create(user=hub_manager_a, week_starts_on=WEEK.starts_on)

    counts = send_weekly_digests(WEEK)

    assert counts["sent"] == 0 and mail.outbox == []


def test_the_preview_page_shows_the_digest_and_the_switch_turns_it_off(
    client_for, hub_manager_a, hub_a
):
    client = client_for(hub_manager_a)
    EventFactory(
        hub=hub_a, title="This week's hub meeting", starts_at=_this_week(), ends_at=_this_week()
    )

    page = client.get(reverse("digest:preview")).content.decode()
    client.post(reverse("digest:settings"), {})

    hub_manager_a.refresh_from_db()
    assert "This week&#x27;s hub meeting" in page
    assert hub_manager_a.weekly_digest is False


def _this_week():
    today = timezone.localdate()
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    return aware(sunday.year, sunday.month, sunday.day, 12, 0)


def test_reports_awaiting_quality_assurance_reach_the_central_team(central_team, school_a):
    ReviewFactory(school=school_a, status=Review.Status.REPORT_DRAFTED)

    assert headings(central_team) == {"Quality assurance": ["1 report awaiting quality assurance"]}
