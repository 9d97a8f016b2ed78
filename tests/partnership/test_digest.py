"""The weekly digest: what each role's says, a week with nothing sends nothing, the preview and
the switch, the command and the weekly job that queue each person's at most once a week, and
the queries of a batch of digests, which do not grow with its people or their week."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from events.models import Event
from hubs.models import ActionPriority, ImportRun
from partnership.digest.build import digest_for, digests_for
from partnership.digest.send import _record_sent, send_weekly_digests
from partnership.digest.tasks import send_weekly_digest
from partnership.lib.digest import DigestWeek
from partnership.lib.jobs import defer, run_queued_here
from partnership.models import DigestSent, User
from reviews.models import Review
from tests.factories.brokering import SupportRequestFactory
from tests.factories.events import BookingFactory, EventFactory
from tests.factories.hubs import HubFactory, SchoolContactFactory, SchoolFactory
from tests.factories.operations import ActionPriorityFactory, aware
from tests.factories.people import CentralTeamFactory, UserFactory
from tests.factories.programmes import CohortFactory
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
    run_queued_here()

    assert sorted(m.to[0] for m in mail.outbox) == [contact_a.email, hub_manager_a.email]
    assert all(m.alternatives[0][1] == "text/html" for m in mail.outbox)
    assert DigestSent.objects.filter(week_starts_on=WEEK.starts_on).count() == 2
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("Week of 3 Nov 2025: 2 sent")
    assert second.startswith("Week of 3 Nov 2025: 0 sent")


def test_a_digest_already_recorded_for_the_week_is_not_sent_again(hub_manager_a, network_week):
    DigestSent.objects.create(user=hub_manager_a, week_starts_on=WEEK.starts_on)

    counts = send_weekly_digests(WEEK)
    run_queued_here()

    assert counts["sent"] == 0 and mail.outbox == []


def test_recording_a_batch_leaves_out_those_already_recorded(hub_manager_a, contact_a):
    # As a run at the same time would have: its row wins, this run skips that person.
    DigestSent.objects.create(user=hub_manager_a, week_starts_on=WEEK.starts_on)

    assert _record_sent([hub_manager_a.pk, contact_a.pk], WEEK) == {contact_a.pk}
    assert DigestSent.objects.filter(week_starts_on=WEEK.starts_on).count() == 2


def test_each_digest_is_queued_with_its_sent_record_and_sent_by_the_email_job(
    hub_manager_a, network_week
):
    send_weekly_digests(WEEK)

    # Recorded and queued together; the mail server has not been asked yet.
    assert DigestSent.objects.filter(user=hub_manager_a, week_starts_on=WEEK.starts_on).exists()
    (queued,) = ProcrastinateJob.objects.filter(queue_name="email", status="todo")
    assert queued.args["recipients"] == [hub_manager_a.email] and mail.outbox == []
    run_queued_here()
    (message,) = mail.outbox
    assert message.to == [hub_manager_a.email] and message.subject == "Your week: 3 Nov 2025"


def test_the_weekly_job_runs_on_monday_mornings_and_is_loaded_by_the_worker():
    (periodic,) = [
        task
        for (_, periodic_id), task in app.periodic_registry.periodic_tasks.items()
        if periodic_id == "send-weekly-digest"
    ]
    assert periodic.cron == "0 6 * * 1" and periodic.task is send_weekly_digest
    assert "partnership.digest.tasks" in app.import_paths


def test_the_weekly_job_run_twice_sends_each_digest_once(hub_manager_a, contact_a, network_week):
    BookingFactory(event=network_week["national"], user=contact_a)
    monday_morning = int(aware(2025, 11, 3, 6).timestamp())

    for _ in range(2):
        defer(send_weekly_digest, timestamp=monday_morning)
        run_queued_here()

    assert sorted(m.to[0] for m in mail.outbox) == [contact_a.email, hub_manager_a.email]
    assert DigestSent.objects.filter(week_starts_on=WEEK.starts_on).count() == 2
    assert ProcrastinateJob.objects.filter(status="failed").count() == 0


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


def _network(hubs: int) -> list:
    """`hubs` hubs, each with a manager, a school and its contact, a reviewer on a review in the
    fortnight, a request, an event the contact booked, a priority off track and a programme
    deadline; and one of the central team. Returns every user, read afresh (scopes unknown)."""
    CentralTeamFactory()
    for _ in range(hubs):
        hub = HubFactory()
        hub.managers.add(UserFactory())
        school = SchoolFactory(hub=hub)
        contact = SchoolContactFactory(school=school).user
        review = ReviewFactory(
            school=school, starts_on=datetime.date(2025, 11, 12), academic_year=2025
        )
        TeamMemberFactory(review=review)
        SupportRequestFactory(school=school, submitted_at=aware(2025, 10, 30, 10))
        ActionPriorityFactory(hub=hub, status=ActionPriority.Status.RED)
        event = EventFactory(
            hub=hub, starts_at=aware(2025, 11, 5, 16), ends_at=aware(2025, 11, 5, 18)
        )
        BookingFactory(event=event, user=contact)
        CohortFactory(
            hub=hub,
            starts_on=datetime.date(2025, 12, 1),
            applications_close_on=datetime.date(2025, 11, 10),
        )
    return list(User.objects.order_by("pk"))


@pytest.mark.parametrize("hubs", [2, 7])
def test_a_batch_of_digests_asks_the_same_queries_whatever_its_size(
    db, hubs, django_assert_num_queries
):
    users = _network(hubs)

    # Scopes (three); reviews (in the fortnight, next, awaiting QA); requests and the overdue
    # count; priorities and failed imports; events (bookings, run); deadlines, their schools
    # and enrolments.
    with django_assert_num_queries(15):
        digests = [digest for _, digest in digests_for(users, WEEK)]

    # Each hub's manager, contact and reviewer; the central team has a quiet week.
    assert sum(digest is not None for digest in digests) == 3 * hubs
