"""Emails about reviews, each in plain text and HTML with absolute links (settings.SITE_URL).

Each is a plain function of the review's id that renders the message and queues it as a job
(partnership.lib.mail). It is called inside the transaction that records the change, so the
email goes if and only if the change is committed, and an SMTP failure is retried, not lost.
The reminder runs daily (reviews.tasks, or the `send_review_reminders` command) and is recorded
once per review (ReviewEmail), so it is never sent twice.
"""

import datetime

import icalendar
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partnership.lib.mail import absolute_url, email_send
from partnership.models import User
from reviews.models import Review, ReviewEmail, ReviewStatusChange

# The reminder goes this many days before a review starts.
REMINDER_DAYS = 14


def _review(review_id: int) -> Review:
    return Review.objects.select_related("school__hub").get(pk=review_id)


def _active(users) -> list[str]:
    return sorted(set(users.filter(is_active=True).values_list("email", flat=True)))


def team_emails(review: Review) -> list[str]:
    return _active(User.objects.filter(reviewer__placements__review=review))


def school_emails(review: Review, *, headteacher_only: bool = False) -> list[str]:
    contacts = User.objects.filter(school_contacts__school_id=review.school_id)
    if headteacher_only:
        heads = contacts.filter(school_contacts__is_headteacher=True)
        if heads.exists():
            return _active(heads)
    return _active(contacts)


def lead_emails(review: Review) -> list[str]:
    return _active(
        User.objects.filter(reviewer__placements__review=review, reviewer__placements__role="lead")
    )


def review_calendar(review: Review) -> str:
    """The review's dates as an all-day iCalendar event (text, to travel in the job's JSON)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Partnership//Reviews//EN")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"review-{review.pk}@partnership")
    event.add("summary", str(review))
    event.add("dtstart", review.starts_on)
    event.add("dtend", review.ends_on + datetime.timedelta(days=1))
    event.add("dtstamp", timezone.now())
    event.add("location", review.school.name)
    event.add("url", absolute_url(review.get_absolute_url()))
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _send(name: str, review: Review, recipients: list[str], *, extra=None, attach=False) -> int:
    """Queues the email; returns how many were queued (0 when nobody is to get it)."""
    if not recipients:
        return 0
    context = {
        "review": review,
        "review_url": absolute_url(review.get_absolute_url()),
        "my_reviews_url": absolute_url(reverse("reviews:mine")),
        **(extra or {}),
    }
    attachments = []
    if attach:
        attachments.append(
            {
                "filename": f"review-{review.pk}.ics",
                "content": review_calendar(review),
                "mimetype": "text/calendar",
            }
        )
    email_send(
        subject=render_to_string(f"emails/reviews/{name}_subject.txt", context).strip(),
        body=render_to_string(f"emails/reviews/{name}.txt", context),
        html=render_to_string(f"emails/reviews/{name}.html", context),
        recipients=recipients,
        attachments=attachments,
    )
    return 1


def send_team_confirmed(review_id: int) -> int:
    """To the team and the school: who is coming, and when (with a calendar attachment)."""
    review = _review(review_id)
    team = list(review.team.select_related("reviewer__user", "reviewer__school"))
    recipients = sorted(set(team_emails(review)) | set(school_emails(review)))
    return _send("team_confirmed", review, recipients, extra={"team": team}, attach=True)


def send_report_returned(review_id: int) -> int:
    """To the lead: the central team's comments on the report they submitted."""
    review = _review(review_id)
    change = (
        ReviewStatusChange.objects.filter(review=review, to_status=Review.Status.RETURNED)
        .select_related("changed_by")
        .last()
    )
    return _send("report_returned", review, lead_emails(review), extra={"change": change})


def send_report_published(review_id: int) -> int:
    """To the school: its report is out; and to its headteacher, a request for feedback."""
    review = _review(review_id)
    sent = _send("report_published", review, school_emails(review))
    feedback_url = absolute_url(reverse("reviews:feedback", kwargs={"pk": review.pk}))
    return sent + _send(
        "feedback_request",
        review,
        school_emails(review, headteacher_only=True),
        extra={"feedback_url": feedback_url},
    )


def send_review_reminders(today: datetime.date | None = None) -> int:
    """Remind the team and the school of each review starting in the next REMINDER_DAYS days
    (planned or team confirmed); each review's reminder is sent once, however often this runs
    and however many run at once. Returns how many reviews' reminders were queued."""
    today = today or timezone.localdate()
    due = (
        Review.objects.filter(
            status__in=[Review.Status.PLANNED, Review.Status.TEAM_CONFIRMED],
            starts_on__gt=today,
            starts_on__lte=today + datetime.timedelta(days=REMINDER_DAYS),
        )
        .exclude(emails_sent__kind=ReviewEmail.Kind.REMINDER)
        .order_by("starts_on", "pk")
        .values_list("pk", flat=True)
    )
    reviews_reminded = 0
    for review_id in list(due):
        try:
            with transaction.atomic():
                # Recorded first, so a second run at the same moment stops at the constraint
                # (review_email_once); the email's job is queued in the same transaction.
                ReviewEmail.objects.create(review_id=review_id, kind=ReviewEmail.Kind.REMINDER)
                review = _review(review_id)
                team = list(review.team.select_related("reviewer__user", "reviewer__school"))
                recipients = sorted(set(team_emails(review)) | set(school_emails(review)))
                _send(
                    "reminder",
                    review,
                    recipients,
                    extra={"team": team, "days": (review.starts_on - today).days},
                    attach=True,
                )
        except IntegrityError:
            continue
        reviews_reminded += 1
    return reviews_reminded
