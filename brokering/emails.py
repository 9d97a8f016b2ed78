"""Messages about support requests, one per recorded event.

Each is queued as a job in the same transaction as the event (partnership.lib.mail), so it goes
if and only if the change is committed, and an SMTP failure is retried rather than lost.
"""

from django.template.loader import render_to_string
from django.urls import reverse

from brokering.models import Engagement, RequestEvent, Status
from partnership.lib.mail import absolute_url, email_send
from partnership.models import User

# Status changes the requesting school and its hub manager hear about.
ANNOUNCED = {Status.BROKERED: "request_brokered", Status.DECLINED: "request_declined"}


def _requester_emails(event: RequestEvent) -> list[str]:
    request = event.request
    users = User.objects.filter(is_active=True).filter(school_contacts__school_id=request.school_id)
    managers = User.objects.filter(is_active=True, managed_hubs__id=request.hub_id)
    return sorted(
        set(users.values_list("email", flat=True)) | set(managers.values_list("email", flat=True))
    )


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    context["request_url"] = absolute_url(context["request"].get_absolute_url())
    context["raise_url"] = absolute_url(reverse("brokering:request_create"))
    subject = render_to_string(f"emails/brokering/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/brokering/{template}.txt", context)
    email_send(subject=subject, body=body, recipients=recipients)


def send_for_event(event_id: int, engagement_id: int | None = None) -> None:
    event = RequestEvent.objects.select_related("request__school").get(pk=event_id)
    context = {"event": event, "request": event.request}
    if event.kind == RequestEvent.Kind.STATUS and event.to_status in ANNOUNCED:
        if event.to_status == Status.BROKERED:
            context["engagement"] = event.request.accepted_engagement
        _send(ANNOUNCED[event.to_status], context, _requester_emails(event))
    elif event.kind == RequestEvent.Kind.PROPOSED and engagement_id:
        engagement = Engagement.objects.select_related("provider").get(pk=engagement_id)
        context["engagement"] = engagement
        recipients = sorted(
            User.objects.filter(
                is_active=True, school_contacts__school_id=engagement.provider_id
            ).values_list("email", flat=True)
        )
        _send("engagement_proposed", context, recipients)
