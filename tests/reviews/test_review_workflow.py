"""The review from the school's self-evaluation to publication: the lead drafts and submits, the
central team returns or approves and publishes, and nobody outside the team and the central team
reads the report before it is out.

Cast: school A (hub A) is reviewed; its team is a lead and a peer from other schools, who hold no
other role; a third reviewer is on no team.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from partnership.lib.jobs import defer, run_queued_here
from reviews import emails, permissions, services, tasks
from reviews.models import EvidenceNote, Review, ReviewEmail, SelfEvaluation
from tests.factories.hubs import SchoolContactFactory, SchoolFactory
from tests.factories.reviews import (
    LeadReviewerFactory,
    ReviewerFactory,
    ReviewFactory,
    StrengthFactory,
    TeamMemberFactory,
    record_report,
)

SITE = "https://partnership.example.org"
DRAFT_STRENGTH = "Phonics is taught with precision in every class."


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def lead(db):
    return LeadReviewerFactory(user__email="lead@example.org", user__full_name="Lena Lead").user


@pytest.fixture
def peer(db):
    return ReviewerFactory(user__email="peer@example.org", user__full_name="Pat Peer").user


@pytest.fixture
def off_team(db):
    return ReviewerFactory(user__email="off@example.org", user__full_name="Olly Off").user


def _review(school, status, lead, peer, **kwargs) -> Review:
    review = ReviewFactory(school=school, status=status, **kwargs)
    TeamMemberFactory(review=review, reviewer=lead.reviewer)
    TeamMemberFactory(review=review, reviewer=peer.reviewer)
    return review


@pytest.fixture
def submitted(school_a, lead, peer):
    """A report written and submitted for QA (the visit, in November 2024, is long over)."""
    review = record_report(_review(school_a, Review.Status.SUBMITTED, lead, peer))
    StrengthFactory(review=review, text=DRAFT_STRENGTH)
    return review


@pytest.fixture
def shared_contact(submitted, hub_b):
    """A contact of another school the school shared its report with."""
    other = SchoolFactory(hub=hub_b)
    submitted.shares.create(school=other)
    return SchoolContactFactory(school=other, user__email="shared@example.org").user


ROLES = [
    ("contact_a", False),
    ("hub_manager_a", False),
    ("senior_partner_a", False),
    ("shared_contact", False),
    ("peer", True),
    ("lead", True),
    ("central_team", True),
]


@pytest.mark.parametrize("role, reads", ROLES)
def test_before_publication_only_the_team_and_the_central_team_read_the_report(
    request, client_for, submitted, role, reads
):
    user = request.getfixturevalue(role)

    page = client_for(user).get(submitted.get_absolute_url())

    assert page.status_code == 200
    text = page.content.decode()
    assert submitted.school.name in text and "Lena Lead" in text  # status, dates and team
    assert (DRAFT_STRENGTH in text) is reads
    assert ("Working towards effective" in text or "Effective" in text) is reads
    assert len(page.context["ebis"]) == (1 if reads else 0)
    assert permissions.may_read_report(user, submitted) is reads
    assert Review.objects.report_readable_by(user).filter(pk=submitted.pk).exists() is reads


@pytest.mark.parametrize("role, reads", ROLES)
def test_once_published_everyone_who_sees_the_review_reads_it(
    request, client_for, submitted, role, reads
):
    Review.objects.filter(pk=submitted.pk).update(status=Review.Status.PUBLISHED)

    page = client_for(request.getfixturevalue(role)).get(submitted.get_absolute_url())

    assert DRAFT_STRENGTH in page.content.decode()


def test_the_school_profile_shows_no_draft_estimates(client_for, contact_a, submitted):
    page = client_for(contact_a).get(submitted.school.get_absolute_url())

    assert "Effective" not in page.content.decode()


def test_a_reviewer_sees_only_the_reviews_whose_team_they_are_on(submitted, peer, off_team):
    assert list(Review.objects.visible_to(peer)) == [submitted]
    assert list(Review.objects.visible_to(off_team)) == []


def test_my_reviews_lists_dates_school_team_and_the_leads_contact(client_for, peer, submitted):
    page = client_for(peer).get(reverse("reviews:mine"))

    text = page.content.decode()
    assert page.status_code == 200
    assert submitted.school.name in text
    assert "4 Nov 2024 to 6 Nov 2024" in text
    assert "lead@example.org" in text and "Pat Peer" in text


@pytest.mark.parametrize("size", [1, 8])
def test_my_reviews_runs_the_same_queries_for_any_number(
    client_for, peer, lead, size, django_assert_num_queries
):
    for n in range(size):
        start = datetime.date(2024, 9, 2) + datetime.timedelta(days=7 * n)
        _review(SchoolFactory(), Review.Status.PLANNED, lead, peer, starts_on=start)
    client = client_for(peer)

    # session, user, scope (3), whether the user is a reviewer; COUNT and one page of their
    # reviews with schools and hubs, their teams with each reviewer's user and school
    with django_assert_num_queries(9):
        page = client.get(reverse("reviews:mine"))

    assert len(page.context["rows"]) == size


def test_my_reviews_is_only_for_reviewers(client_for, contact_a):
    assert client_for(contact_a).get(reverse("reviews:mine")).status_code == 404


def _move(review, to, by, note=""):
    review.refresh_from_db()
    return services.review_transition(
        review=review, to=to, version=review.version, by=by, note=note
    )


def test_the_lead_submits_the_central_team_returns_then_approves_and_publishes(
    client_for, school_a, lead, peer, central_team, contact_a
):
    review = record_report(_review(school_a, Review.Status.ON_SITE, lead, peer))
    lead_client = client_for(lead)

    def post(client, to, note=""):
        review.refresh_from_db()
        return client.post(
            reverse("reviews:transition", args=[review.pk]),
            {"to": to, "version": review.version, "note": note},
        )

    assert post(client_for(peer), "report_drafted").status_code == 403
    post(lead_client, "report_drafted")
    post(lead_client, "submitted")
    # The lead may not approve their own report.
    post(lead_client, "approved")
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED
    post(client_for(central_team), "returned", "Tie the second EBI to the evidence.")
    review.refresh_from_db()
    assert review.status == Review.Status.RETURNED
    assert (
        "Tie the second EBI to the evidence."
        in lead_client.get(review.get_absolute_url()).content.decode()
    )
    assert (
        "Tie the second EBI"
        not in client_for(contact_a).get(review.get_absolute_url()).content.decode()
    )
    post(lead_client, "submitted")
    post(client_for(central_team), "approved")
    post(client_for(central_team), "published")
    run_queued_here()  # the worker's part: send the queued emails

    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    steps = list(review.status_changes.values_list("to_status", "changed_by__email"))
    assert steps == [
        ("report_drafted", "lead@example.org"),
        ("submitted", "lead@example.org"),
        ("returned", "central@example.org"),
        ("submitted", "lead@example.org"),
        ("approved", "central@example.org"),
        ("published", "central@example.org"),
    ]
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Report returned for changes: {school_a.name}",
        f"Your review report is published: {school_a.name}",
        f"How was your review? {school_a.name}",
    ]
    assert mail.outbox[0].to == ["lead@example.org"]
    assert "Tie the second EBI to the evidence." in mail.outbox[0].body
    returned_html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html" and "Tie the second EBI to the evidence." in returned_html
    assert mail.outbox[1].to == ["contact.a@example.org"]
    assert f'href="{SITE}{review.get_absolute_url()}"' in mail.outbox[1].alternatives[0][0]
    feedback_url = f"{SITE}{reverse('reviews:feedback', kwargs={'pk': review.pk})}"
    assert mail.outbox[2].to == ["contact.a@example.org"]
    assert feedback_url in mail.outbox[2].body


def test_returning_a_report_needs_comments(submitted, central_team):
    with pytest.raises(ValidationError) as raised:
        _move(submitted, Review.Status.RETURNED, central_team)

    assert "comments go to them" in raised.value.messages[0]


def test_an_incomplete_report_cannot_be_submitted(school_a, lead, peer):
    review = _review(school_a, Review.Status.REPORT_DRAFTED, lead, peer)

    with pytest.raises(ValidationError) as raised:
        _move(review, Review.Status.SUBMITTED, lead)

    assert "Record an estimate for every heading" in " ".join(raised.value.messages)


def test_the_lead_writes_the_report_and_the_peer_may_not(client_for, school_a, lead, peer):
    review = _review(school_a, Review.Status.ON_SITE, lead, peer)
    url = reverse("reviews:report", args=[review.pk])

    assert client_for(lead).get(url).status_code == 200
    assert client_for(peer).get(url).status_code == 403


def test_peers_add_evidence_under_a_heading_and_the_school_reads_none(
    client_for, school_a, lead, peer, contact_a
):
    review = _review(school_a, Review.Status.ON_SITE, lead, peer)
    heading = review.framework.headings.first()
    url = reverse("reviews:evidence", args=[review.pk])
    client = client_for(peer)
    token = client.get(url).context["form"]["submission_token"].value()

    client.post(
        url, {"heading": heading.pk, "text": "Book scrutiny: Y5 maths.", "submission_token": token}
    )

    note = EvidenceNote.objects.get()
    assert (note.heading, note.author, note.text) == (heading, peer, "Book scrutiny: Y5 maths.")
    assert "Book scrutiny" in client_for(lead).get(url).content.decode()
    assert client_for(contact_a).get(url).status_code == 403


def test_the_school_evaluates_itself_and_the_published_report_shows_both_sides(
    client_for, school_a, lead, peer, contact_a, central_team
):
    review = _review(school_a, Review.Status.TEAM_CONFIRMED, lead, peer)
    headings = list(review.framework.headings.all())
    leading = review.framework.grades.get(position=1)
    url = reverse("reviews:self_evaluation", args=[review.pk])
    data = {f"heading_{h.pk}": leading.pk for h in headings}
    client_for(contact_a).post(url, {**data, "focus": "Reading in KS2", "version": review.version})

    evaluation = SelfEvaluation.objects.get(review=review)
    assert evaluation.focus == "Reading in KS2" and evaluation.estimates.count() == len(headings)
    pack = client_for(peer).get(reverse("reviews:pack", args=[review.pk])).content.decode()
    assert "Reading in KS2" in pack and "Leading" in pack
    record_report(review, grade_position=2)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.PUBLISHED)
    page = client_for(contact_a).get(review.get_absolute_url())
    assert "The school's own estimate" in page.content.decode()
    assert [(own.label, peers.grade.label) for _, peers, own in page.context["headings"]] == [
        ("Leading", "Effective")
    ] * len(headings)


def test_the_self_evaluation_closes_when_the_team_arrives(school_a, lead, peer, contact_a):
    review = _review(school_a, Review.Status.ON_SITE, lead, peer)

    with pytest.raises(ValidationError):
        services.self_evaluation_save(
            review=review, grades={}, focus="Late", version=review.version, by=contact_a
        )


def test_the_lead_records_the_teams_decision_on_the_area(client_for, school_a, lead, peer):
    review = _review(school_a, Review.Status.ON_SITE, lead, peer)
    from tests.factories.reviews import AreaOfExcellenceFactory

    area = AreaOfExcellenceFactory(school=school_a, review=review)
    url = reverse("reviews:verify", args=[review.pk])

    assert (
        client_for(peer).post(url, {"verified": "yes", "version": review.version}).status_code
        == 403
    )
    client_for(lead).post(url, {"verified": "yes", "version": review.version})

    area.refresh_from_db()
    assert area.is_verified and area.verified_by == lead


def test_team_confirmed_emails_the_team_and_the_school_with_the_dates(
    school_a, lead, peer, contact_a, central_team
):
    review = _review(school_a, Review.Status.PLANNED, lead, peer)
    TeamMemberFactory(review=review, reviewer=ReviewerFactory(user__email="third@example.org"))

    _move(review, Review.Status.TEAM_CONFIRMED, central_team)
    assert mail.outbox == []  # queued with the change, sent by the worker
    run_queued_here()

    [message] = mail.outbox
    assert sorted(message.to) == [
        "contact.a@example.org",
        "lead@example.org",
        "peer@example.org",
        "third@example.org",
    ]
    assert f"{SITE}{review.get_absolute_url()}" in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html" and f'href="{SITE}{review.get_absolute_url()}"' in html[0]
    [(name, ics, mimetype)] = message.attachments
    assert (name, mimetype) == (f"review-{review.pk}.ics", "text/calendar")
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "DTSTART;VALUE=DATE:20241104" in ics and "DTEND;VALUE=DATE:20241107" in ics
    # As it leaves: a text/calendar part of the MIME message, beside the text and HTML.
    parts = {part.get_content_type(): part for part in message.message().walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    assert parts["text/calendar"].get_filename() == f"review-{review.pk}.ics"


def test_no_email_when_the_change_is_rolled_back(school_a, lead, peer, contact_a, central_team):
    review = _review(school_a, Review.Status.PLANNED, lead, peer)
    TeamMemberFactory(review=review)

    with pytest.raises(RuntimeError), transaction.atomic():
        _move(review, Review.Status.TEAM_CONFIRMED, central_team)
        raise RuntimeError("a later step of the same change fails")

    assert run_queued_here() == 0
    assert mail.outbox == []


def test_the_reminder_goes_fourteen_days_ahead_and_never_twice(school_a, lead, peer, contact_a):
    today = datetime.date(2024, 10, 21)
    _review(school_a, Review.Status.TEAM_CONFIRMED, lead, peer)  # starts 4 November 2024
    later = _review(
        SchoolFactory(),
        Review.Status.TEAM_CONFIRMED,
        lead,
        peer,
        starts_on=datetime.date(2024, 11, 25),
    )

    assert emails.send_review_reminders(today) == 1
    assert emails.send_review_reminders(today) == 0
    assert emails.send_review_reminders(today + datetime.timedelta(days=1)) == 0
    run_queued_here()

    [message] = mail.outbox
    assert message.subject.startswith(f"Review in 14 days: {school_a.name}")
    assert sorted(message.to) == ["contact.a@example.org", "lead@example.org", "peer@example.org"]
    assert school_a.name in message.body
    assert message.alternatives[0][1] == "text/html"
    [(name, ics, mimetype)] = message.attachments
    assert mimetype == "text/calendar" and "DTSTART;VALUE=DATE:20241104" in ics
    assert later.emails_sent.count() == 0


def test_the_daily_reminder_job_run_twice_reminds_once(school_a, lead, peer, contact_a):
    review = _review(school_a, Review.Status.TEAM_CONFIRMED, lead, peer)
    starts = datetime.date.today() + datetime.timedelta(days=10)
    Review.objects.filter(pk=review.pk).update(starts_on=starts, ends_on=starts)
    tick = int(timezone.now().timestamp())

    # The job of one tick, then of the next (or the same job tried again).
    defer(tasks.review_reminders, timestamp=tick)
    run_queued_here()
    defer(tasks.review_reminders, timestamp=tick + 60)
    run_queued_here()

    [message] = mail.outbox
    assert message.subject.startswith(f"Review in 10 days: {school_a.name}")
    runs = ProcrastinateJob.objects.filter(task_name="reviews.tasks.review_reminders")
    assert list(runs.values_list("status", flat=True)) == ["succeeded", "succeeded"]


def test_a_reviews_reminder_is_recorded_once_by_the_database(school_a, lead, peer):
    review = _review(school_a, Review.Status.TEAM_CONFIRMED, lead, peer)
    ReviewEmail.objects.create(review=review, kind=ReviewEmail.Kind.REMINDER)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewEmail.objects.create(review=review, kind=ReviewEmail.Kind.REMINDER)


def test_the_reminder_command_sends_through_the_same_function(school_a, lead, peer):
    review = _review(school_a, Review.Status.PLANNED, lead, peer)
    Review.objects.filter(pk=review.pk).update(
        starts_on=datetime.date.today() + datetime.timedelta(days=10),
        ends_on=datetime.date.today() + datetime.timedelta(days=10),
    )

    call_command("send_review_reminders")
    call_command("send_review_reminders")
    run_queued_here()

    assert len(mail.outbox) == 1


def test_a_reviewers_dashboard_lists_their_open_reviews(client_for, peer, submitted):
    page = client_for(peer).get(reverse("dashboard"))

    text = page.content.decode()
    assert "Your reviews as a reviewer" in text and submitted.school.name in text
    assert "no role in a hub or school" not in text
