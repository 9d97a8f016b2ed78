"""Messages about enrolments, as plain text and HTML.

Each is queued as a job (partnership.lib.mail) in the transaction that records the change, so it
goes only if the change is committed, and an SMTP failure is retried, not lost.
"""

from django.template.loader import render_to_string

from partnership.lib.mail import absolute_url, email_send
from partnership.models import User
from programmes.models import Enrolment


def _school_emails(enrolment: Enrolment) -> list[str]:
    """The school's contacts and the person who applied for it."""
    contacts = set(
        User.objects.filter(
            is_active=True, school_contacts__school_id=enrolment.school_id
        ).values_list("email", flat=True)
    )
    if enrolment.applied_by_id and enrolment.applied_by.is_active:
        contacts.add(enrolment.applied_by.email)
    return sorted(contacts)


def send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    email_send(
        subject=render_to_string(f"emails/programmes/{template}_subject.txt", context).strip(),
        body=render_to_string(f"emails/programmes/{template}.txt", context),
        html=render_to_string(f"emails/programmes/{template}.html", context),
        recipients=recipients,
    )


def send_moved_up(enrolment_id: int) -> None:
    """The school moved off the waitlist into a place."""
    enrolment = Enrolment.objects.select_related(
        "school", "cohort__programme", "cohort__hub", "applied_by"
    ).get(pk=enrolment_id)
    context = {
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "enrolment_url": absolute_url(enrolment.get_absolute_url()),
    }
    send("moved_up", context, _school_emails(enrolment))
