"""Emails as jobs: an attachment travels in the job's JSON and arrives with its type, a message
queued in a transaction that rolls back never goes, a failed one shows on the jobs page; and the
daily reminders are periodic jobs that every worker knows."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from partnership.lib.jobs import run_queued_here
from partnership.lib.mail import email_send

pytestmark = pytest.mark.django_db

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Secret review day\r\nEND:VCALENDAR\r\n"


def queue_with_calendar() -> int:
    return email_send(
        subject="Your review",
        body="The dates are attached.",
        html="<p>The dates are attached.</p>",
        recipients=["lead@example.org"],
        attachments=[{"filename": "review.ics", "content": ICS, "mimetype": "text/calendar"}],
    )


def test_an_attachment_is_kept_as_text_in_the_job_and_arrives_with_its_type():
    job_id = queue_with_calendar()

    assert mail.outbox == []
    assert ProcrastinateJob.objects.get(pk=job_id).args["attachments"] == [
        {"filename": "review.ics", "content": ICS, "mimetype": "text/calendar"}
    ]
    assert run_queued_here() == 1

    [message] = mail.outbox
    assert message.to == ["lead@example.org"]
    assert message.alternatives[0][1] == "text/html"
    [(name, content, mimetype)] = message.attachments
    assert (name, content, mimetype) == ("review.ics", ICS, "text/calendar")
    parts = [part.get_content_type() for part in message.message().walk()]
    assert "text/calendar" in parts


def test_nobody_to_send_to_queues_nothing():
    assert email_send(subject="Hello", body="Body", recipients=[]) is None
    assert not ProcrastinateJob.objects.exists()


def test_an_email_queued_in_a_transaction_that_rolls_back_never_goes():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_with_calendar()
        raise RuntimeError("the change fails after queueing its email")

    assert not ProcrastinateJob.objects.exists()
    assert run_queued_here() == 0
    assert mail.outbox == []


def test_a_failed_email_with_an_attachment_shows_as_failed_without_its_content(
    client_for, central_team, settings
):
    # Nothing listens on this port: sending fails to connect.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    job_id = queue_with_calendar()
    run_queued_here()

    page = client_for(central_team).get(reverse("jobs:detail", args=[job_id])).content.decode()

    assert ProcrastinateJob.objects.get(pk=job_id).status == "failed"
    assert "Failed" in page and "Connection refused" in page
    assert "review.ics" in page and "Secret review day" not in page


@pytest.mark.parametrize(
    ("periodic_id", "task_name"),
    [
        ("event-reminders", "events.tasks.event_reminders"),
        ("review-reminders", "reviews.tasks.review_reminders"),
    ],
)
def test_the_daily_reminders_are_periodic_jobs_with_a_queueing_lock(periodic_id, task_name):
    """The app every worker runs (`manage.py procrastinate worker`) finds them by itself: each
    app's tasks.py is discovered when procrastinate starts."""
    [periodic] = [
        p for p in app.periodic_registry.periodic_tasks.values() if p.periodic_id == periodic_id
    ]

    assert periodic.task.name == task_name
    assert periodic.cron == "0 7 * * *"
    assert periodic.task.queueing_lock == periodic_id
    assert app.tasks[task_name] is periodic.task
