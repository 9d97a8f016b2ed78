"""Writes to support requests: each atomic, each recorded on the request's timeline.

Every action that two people could take at once locks the request row (select_for_update) and
compares the version the person was looking at, so the second one gets a clear message instead
of silently overwriting the first.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from brokering import emails
from brokering.models import (
    SYSTEM,
    Engagement,
    Feedback,
    RequestEvent,
    Status,
    SupportRequest,
    find_transition,
)
from hubs.models import School
from partnership.lib.once import RepeatedSubmission
from partnership.models import User
from reviews.models import EvenBetterIf, PracticeArea

STALE_MESSAGE = (
    "Someone else changed this request while you were looking at it. "
    "The page now shows the latest; check it and try again."
)


class StaleRequest(ValidationError):
    """The request changed since the person loaded it."""

    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


def _locked(request: SupportRequest, version: int | None) -> SupportRequest:
    locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if version is not None and locked.version != version:
        raise StaleRequest()
    return locked


def _bump(request: SupportRequest, *fields: str) -> None:
    request.version += 1
    request.save(update_fields=["version", *fields])


def _record(request: SupportRequest, kind: str, by: User | None, note: str = "", **kw):
    return RequestEvent.objects.create(request=request, kind=kind, by=by, note=note, **kw)


# A request the same as one its sender raised this recently is that one sent again.
REPEAT_WINDOW = datetime.timedelta(minutes=30)


def _same_request_just_raised(
    *, school, areas, needed, preferred_format, target_date, raised_by
) -> SupportRequest | None:
    """The same person's open request with the same details, raised within REPEAT_WINDOW.

    Going Back to the form fetches it again, with a new one-time token, and the browser puts
    back what was typed: sent again, only its details show it is the same request.
    """
    if raised_by is None:
        return None
    candidates = SupportRequest.objects.open().filter(
        school=school,
        raised_by=raised_by,
        needed=needed,
        preferred_format=preferred_format,
        target_date=target_date,
        submitted_at__gte=timezone.now() - REPEAT_WINDOW,
    )
    wanted = {area.pk for area in areas}
    for candidate in candidates.prefetch_related("practice_areas"):
        if {area.pk for area in candidate.practice_areas.all()} == wanted:
            return candidate
    return None


def support_request_create(
    *,
    school: School,
    practice_areas: Iterable[PracticeArea],
    needed: str,
    preferred_format: str,
    target_date: datetime.date,
    source: str,
    raised_by: User | None,
    ebi: EvenBetterIf | None = None,
) -> SupportRequest:
    areas = list(practice_areas)
    if not areas:
        raise ValidationError({"practice_areas": "Choose at least one practice area."})
    same = _same_request_just_raised(
        school=school,
        areas=areas,
        needed=needed,
        preferred_format=preferred_format,
        target_date=target_date,
        raised_by=raised_by,
    )
    if same is not None:
        raise RepeatedSubmission(same.get_absolute_url())
    request = SupportRequest(
        school=school,
        hub_id=school.hub_id,
        needed=needed,
        preferred_format=preferred_format,
        target_date=target_date,
        source=source,
        raised_by=raised_by,
        ebi=ebi,
    )
    request.first_response_due = SupportRequest.response_due_for(request.submitted_at)
    request.full_clean()
    with transaction.atomic():
        request.save()
        request.practice_areas.set(areas)
        _record(request, RequestEvent.Kind.RAISED, raised_by, to_status=Status.SUBMITTED)
    return request


def support_request_from_ebi(
    *, ebi: EvenBetterIf, target_date: datetime.date, raised_by: User | None
) -> tuple[SupportRequest, bool]:
    """The EBI's open request, or a new one from it: (request, whether it was made now).

    The EBI's row is locked first, so clicks sent at once are taken in turn and the later ones
    find the request the first made rather than raising another.
    """
    with transaction.atomic():
        EvenBetterIf.objects.select_for_update().filter(pk=ebi.pk).first()
        existing = SupportRequest.objects.filter(ebi=ebi).open().first()
        if existing is not None:
            return existing, False
        request = support_request_create(
            school=ebi.review.school,
            practice_areas=[ebi.practice_area],
            needed=ebi.text,
            preferred_format=SupportRequest.Format.VISIT,
            target_date=target_date,
            source=SupportRequest.Source.EBI,
            raised_by=raised_by,
            ebi=ebi,
        )
        return request, True


def support_request_update(
    *,
    request: SupportRequest,
    version: int,
    by: User,
    practice_areas: Iterable[PracticeArea],
    needed: str,
    preferred_format: str,
    target_date: datetime.date,
) -> SupportRequest:
    """The requesting side edits the details while the request still awaits triage."""
    areas = list(practice_areas)
    if not areas:
        raise ValidationError({"practice_areas": "Choose at least one practice area."})
    with transaction.atomic():
        locked = _locked(request, version)
        if locked.status != Status.SUBMITTED:
            raise ValidationError("A request can be edited only until the central team triages it.")
        locked.needed = needed
        locked.preferred_format = preferred_format
        locked.target_date = target_date
        locked.full_clean()
        _bump(locked, "needed", "preferred_format", "target_date")
        locked.practice_areas.set(areas)
    return locked


def _transition(locked: SupportRequest, to: str, by: User | None, note: str) -> RequestEvent:
    transition = find_transition(locked.status, to)
    if transition is None:
        raise ValidationError(
            f"A request that is {locked.get_status_display().lower()} cannot become "
            f"{Status(to).label.lower()}."
        )
    from_status = locked.status
    locked.status = to
    fields = ["status"]
    if from_status == Status.SUBMITTED and locked.first_responded_at is None:
        locked.first_responded_at = timezone.now()
        fields.append("first_responded_at")
    _bump(locked, *fields)
    event = _record(
        locked, RequestEvent.Kind.STATUS, by, note, from_status=from_status, to_status=to
    )
    # One message per recorded transition, queued in this transaction: sent only if it commits.
    emails.send_for_event(event.pk)
    return event


def support_request_transition(
    *, request: SupportRequest, to: str, by: User, version: int, note: str = ""
) -> SupportRequest:
    transition = find_transition(request.status, to)
    if transition is not None and transition.by == SYSTEM:
        raise ValidationError("A request is brokered when a provider accepts, not by hand.")
    with transaction.atomic():
        locked = _locked(request, version)
        _transition(locked, to, by, note)
    return locked


def support_request_assign(
    *, request: SupportRequest, broker: User | None, by: User, version: int
) -> SupportRequest:
    if broker is not None and not broker.is_central_team:
        raise ValidationError({"broker": "Only a member of the central team can broker."})
    with transaction.atomic():
        locked = _locked(request, version)
        _assign(locked, broker, by)
    return locked


def _assign(locked: SupportRequest, broker: User | None, by: User) -> None:
    locked.broker = broker
    _bump(locked, "broker")
    note = f"Assigned to {broker}" if broker else "Broker removed"
    _record(locked, RequestEvent.Kind.ASSIGNED, by, note)


def support_requests_assign(*, selections: list[tuple[int, int]], broker: User, by: User) -> int:
    """Assign one broker to many requests at once: all or none.

    `selections` are (request id, version seen) pairs; if any request changed meanwhile,
    nothing is assigned and the broker is told to reload.
    """
    if not broker.is_central_team:
        raise ValidationError({"broker": "Only a member of the central team can broker."})
    seen = dict(selections)
    with transaction.atomic():
        # Lock in id order so two bulk assignments cannot deadlock.
        locked = list(SupportRequest.objects.select_for_update().filter(pk__in=seen).order_by("pk"))
        if len(locked) != len(seen) or any(r.version != seen[r.pk] for r in locked):
            raise StaleRequest()
        for request in locked:
            _assign(request, broker, by)
    return len(locked)


def engagement_propose(
    *,
    request: SupportRequest,
    provider: School,
    by: User,
    version: int,
    format: str = "",
    note: str = "",
) -> Engagement:
    """The broker asks a provider school to support the request."""
    with transaction.atomic():
        locked = _locked(request, version)
        if locked.status == Status.TRIAGED:
            _transition(locked, Status.MATCHING, by, "Matching started with a proposal.")
        if locked.status != Status.MATCHING:
            raise ValidationError("Providers can be proposed only while the request is matching.")
        engagement = Engagement(
            request=locked,
            provider=provider,
            format=format or locked.preferred_format,
            proposed_by=by,
            proposal_note=note,
        )
        engagement.full_clean()
        try:
            with transaction.atomic():
                engagement.save()
        except IntegrityError as error:
            raise ValidationError("This provider cannot be proposed again for this request.") from (
                error
            )
        _bump(locked)
        event = _record(locked, RequestEvent.Kind.PROPOSED, by, f"{provider.name} proposed.")
        emails.send_for_event(event.pk, engagement.pk)
    return engagement


def engagement_respond(
    *, engagement: Engagement, accept: bool, by: User, version: int, note: str = ""
) -> Engagement:
    """The provider accepts (the request is then brokered) or declines the proposal."""
    with transaction.atomic():
        locked = _locked(engagement.request, version)
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if engagement.status != Engagement.Status.PROPOSED:
            raise ValidationError("This proposal has already been answered.")
        engagement.status = Engagement.Status.ACCEPTED if accept else Engagement.Status.DECLINED
        engagement.responded_by = by
        engagement.responded_at = timezone.now()
        engagement.response_note = note
        engagement.save()
        if accept:
            _record(locked, RequestEvent.Kind.PROVIDER_ACCEPTED, by, note)
            _transition(locked, Status.BROKERED, by, f"Brokered with {engagement.provider.name}.")
        else:
            _bump(locked)
            _record(locked, RequestEvent.Kind.PROVIDER_DECLINED, by, note)
    return engagement


def engagement_record(
    *,
    engagement: Engagement,
    by: User,
    format: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    delivered: str,
) -> Engagement:
    """Record the dates, format and what was delivered."""
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if engagement.status != Engagement.Status.ACCEPTED:
            raise ValidationError("Only an accepted engagement has delivery to record.")
        engagement.format = format
        engagement.starts_on = starts_on
        engagement.ends_on = ends_on
        engagement.delivered = delivered
        engagement.full_clean()
        engagement.save()
    return engagement


def feedback_give(
    *, request: SupportRequest, by: User, quality_rating: int, service_rating: int, comment: str
) -> Feedback:
    with transaction.atomic():
        locked = _locked(request, None)
        if Feedback.objects.filter(request=locked).exists():
            raise ValidationError("Feedback has already been given for this request.")
        feedback = Feedback(
            request=locked,
            quality_rating=quality_rating,
            service_rating=service_rating,
            comment=comment,
            given_by=by,
        )
        feedback.full_clean()
        feedback.save()
        _bump(locked)
        _record(locked, RequestEvent.Kind.FEEDBACK, by)
    return feedback
