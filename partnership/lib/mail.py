"""Every email the app sends goes through one job, retried with backoff when SMTP fails.

Callers render the message (plain text, and HTML when there is one) and queue it with
`email_send(...)` (or many with `emails_send([...])`); a message queued inside a transaction
goes only if that transaction commits. A job's arguments are kept as JSON, so an attachment
travels as text: a dict with its `filename`, `content` and `mimetype` (an iCalendar file, a CSV).
"""

import smtplib
from typing import TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from procrastinate import RetryStrategy

from partnership.lib.jobs import defer, defer_many, job

# Waits of 4 s, 16 s, 1 min, 4 min, 17 min, 68 min and 4.5 h: an SMTP server down for up to about
# six hours loses nothing; after the last attempt the job shows as failed on the jobs page.
EMAIL_RETRY = RetryStrategy(
    max_attempts=7, exponential_wait=4, retry_exceptions={smtplib.SMTPException, OSError}
)


class Attachment(TypedDict):
    filename: str
    content: str
    mimetype: str


@job(queue="email", retry=EMAIL_RETRY)
def send_email(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    html: str = "",
    attachments: list[Attachment] | None = None,
) -> None:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments or []:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


def absolute_url(path: str) -> str:
    """A link for an email: the site's address (settings.SITE_URL) and the page's path."""
    return f"{settings.SITE_URL}{path}"


def email_send(
    *,
    subject: str,
    body: str,
    recipients: list[str],
    html: str = "",
    attachments: list[Attachment] | None = None,
) -> int | None:
    """Queues one email to `recipients`; returns the job's id (None when nobody is to get it)."""
    if not recipients:
        return None
    return defer(
        send_email,
        subject=subject,
        body=body,
        recipients=list(recipients),
        html=html,
        attachments=[
            {"filename": a["filename"], "content": a["content"], "mimetype": a["mimetype"]}
            for a in attachments or []
        ],
    )


def emails_send(messages: list[dict]) -> list[int]:
    """Queues many emails at once (each a dict of `email_send`'s arguments), in one query: for
    the weekly digest's thousands. Returns the jobs' ids."""
    return defer_many(
        send_email,
        [{**message, "recipients": list(message["recipients"])} for message in messages],
    )
