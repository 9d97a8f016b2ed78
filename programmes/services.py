"""Writes to cohorts and enrolments: each atomic, each status change recorded with who and when.

Everything that takes or frees places locks the cohort's row first (select_for_update), so
applications, withdrawals and move-ups on one cohort are taken one at a time: two applicants for
the last place cannot both get it, and the waitlist moves up in order.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hubs.models import School
from programmes import emails
from programmes.models import (
    Attendance,
    Cohort,
    Enrolment,
    Participant,
    Programme,
    Session,
    Status,
    StatusChange,
)

STALE_MESSAGE = (
    "Someone else changed this while you were looking at it. "
    "The page now shows the latest; check it and try again."
)


class Stale(ValidationError):
    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


@dataclass(frozen=True)
class NewParticipant:
    full_name: str
    role: str
    email: str = ""


# Who may make a change: the school's side (its contacts, its hub's managers, the central team),
# those who run the cohort (its hub's managers, or the central team for a national one), or only
# the app itself (a waitlisted school moving up).
SCHOOL, RUNNER, SYSTEM = "school", "runner", "system"

TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (Status.APPLIED, Status.ACCEPTED): ("Accept", RUNNER),
    (Status.APPLIED, Status.WITHDRAWN): ("Withdraw", SCHOOL),
    (Status.WAITLISTED, Status.WITHDRAWN): ("Withdraw", SCHOOL),
    (Status.ACCEPTED, Status.WITHDRAWN): ("Withdraw", SCHOOL),
    (Status.ACCEPTED, Status.COMPLETED): ("Mark completed", RUNNER),
    (Status.WAITLISTED, Status.APPLIED): ("Move up", SYSTEM),
}


def transitions_from(status: str) -> list[tuple[str, str, str]]:
    """(target, label, who) for each change an enrolment in `status` may make."""
    return [
        (target, label, by)
        for (source, target), (label, by) in TRANSITIONS.items()
        if source == status
    ]


def _lock_cohort(cohort_id: int) -> Cohort:
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("programme", "hub")
        .get(pk=cohort_id)
    )


def _record(enrolment: Enrolment, from_status: str, by, note: str = "") -> StatusChange:
    return StatusChange.objects.create(
        enrolment=enrolment,
        from_status=from_status,
        to_status=enrolment.status,
        by=by,
        note=note,
    )


def programme_save(*, programme: Programme) -> Programme:
    programme.full_clean()
    with transaction.atomic():
        programme.save()
    return programme


def cohort_create(*, by, **fields) -> Cohort:
    cohort = Cohort(created_by=by, **fields)
    cohort.full_clean()
    with transaction.atomic():
        cohort.save()
    return cohort


def cohort_update(*, cohort: Cohort, version: int, by, **fields) -> Cohort:
    """Edit a cohort; a larger capacity lets the waitlist move up at once."""
    with transaction.atomic():
        locked = _lock_cohort(cohort.pk)
        if locked.version != version:
            raise Stale()
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        if locked.capacity < locked.count_places_taken():
            raise ValidationError(
                {"capacity": "More places are already taken than this capacity allows."}
            )
        locked.version += 1
        locked.save()
        _move_up(locked, by)
    return locked


def enrolment_apply(
    *,
    cohort: Cohort,
    school: School,
    participants: Iterable[NewParticipant],
    by,
    today: datetime.date | None = None,
) -> Enrolment:
    """The school applies: it takes places while enough are free, or joins the waitlist."""
    people = list(participants)
    with transaction.atomic():
        locked = _lock_cohort(cohort.pk)
        if not locked.is_open_for_applications(today):
            raise ValidationError("Applications to this cohort have closed.")
        if locked.counts_participants and not people:
            raise ValidationError("Name at least one participant: places are counted in people.")
        now = timezone.now()
        enrolment = Enrolment(
            cohort=locked, school=school, applied_by=by, applied_at=now, queued_at=now
        )
        needed = len(people) if locked.counts_participants else 1
        free = locked.capacity - locked.count_places_taken()
        ahead = locked.enrolments.filter(status=Status.WAITLISTED).exists()
        # Nobody jumps the queue: with a waitlist, a new applicant joins its end.
        enrolment.status = Status.APPLIED if needed <= free and not ahead else Status.WAITLISTED
        enrolment.full_clean()
        programme = locked.programme
        for person in people:
            if not person.full_name.strip():
                raise ValidationError("Each participant needs a name.")
            if not programme.admits_role(person.role):
                raise ValidationError(
                    f"{programme.name} is for "
                    f"{', '.join(programme.role_labels()).lower()} participants."
                )
        try:
            with transaction.atomic():
                enrolment.save()
        except IntegrityError:
            raise ValidationError("This school has already applied to this cohort.") from None
        for person in people:
            Participant.objects.create(
                enrolment=enrolment,
                full_name=person.full_name.strip(),
                role=person.role,
                email=person.email,
            )
        _record(enrolment, "", by)
    return enrolment


def enrolment_transition(
    *, enrolment: Enrolment, to: str, by, version: int | None = None, note: str = "", **fields
) -> Enrolment:
    """Move an enrolment on; a withdrawal frees its places for the waitlist."""
    with transaction.atomic():
        cohort = _lock_cohort(enrolment.cohort_id)
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if version is not None and locked.version != version:
            raise Stale()
        source = locked.status
        if (source, to) not in TRANSITIONS:
            raise ValidationError(
                f"An enrolment that is {locked.get_status_display().lower()} cannot be "
                f"{Status(to).label.lower()}."
            )
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        if to == Status.COMPLETED and not locked.completed_on:
            locked.completed_on = timezone.localdate()
        locked.full_clean()
        locked.version += 1
        locked.save()
        _record(locked, source, by, note)
        if to == Status.WITHDRAWN and source in (Status.APPLIED, Status.ACCEPTED):
            _move_up(cohort, by)
    return locked


def _move_up(cohort: Cohort, by) -> list[Enrolment]:
    """Waitlisted schools take freed places in the order they joined the waitlist; the first
    that does not fit stops the rest (nobody jumps the queue). Runs with the cohort locked."""
    free = cohort.capacity - cohort.count_places_taken()
    moved = []
    queue = (
        cohort.enrolments.filter(status=Status.WAITLISTED)
        .order_by("queued_at", "pk")
        .select_for_update()
    )
    for waiting in queue:
        needed = waiting.participants.count() if cohort.counts_participants else 1
        if needed > free:
            break
        waiting.status = Status.APPLIED
        waiting.version += 1
        waiting.save(update_fields=["status", "version"])
        _record(waiting, Status.WAITLISTED, by, "A place freed up.")
        free -= needed
        moved.append(waiting)
    for enrolment in moved:
        emails.send_moved_up(enrolment.pk)
    return moved


def participant_add(*, enrolment: Enrolment, full_name: str, role: str, email: str, by):
    """Name another participant; where places are counted in people it must fit."""
    with transaction.atomic():
        cohort = _lock_cohort(enrolment.cohort_id)
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status == Status.WITHDRAWN:
            raise ValidationError("This school has withdrawn; it names nobody more.")
        if (
            cohort.counts_participants
            and locked.status in (Status.APPLIED, Status.ACCEPTED)
            and cohort.count_places_taken() >= cohort.capacity
        ):
            raise ValidationError("The cohort is full: there is no place for another participant.")
        participant = Participant(enrolment=locked, full_name=full_name, role=role, email=email)
        participant.full_clean()
        participant.save()
        locked.version += 1
        locked.save(update_fields=["version"])
    return participant


def session_create(*, cohort: Cohort, title: str, held_on: datetime.date) -> Session:
    session = Session(cohort=cohort, title=title, held_on=held_on)
    session.full_clean()
    with transaction.atomic():
        session.save()
    return session


def attendance_record(*, session: Session, attended_ids: set[int], by) -> int:
    """Mark who attended the session among the participants of place-holding enrolments."""
    participants = list(
        Participant.objects.filter(
            enrolment__cohort_id=session.cohort_id,
            enrolment__status__in=[Status.APPLIED, Status.ACCEPTED, Status.COMPLETED],
        ).values_list("pk", flat=True)
    )
    existing = {a.participant_id: a for a in session.attendance.all()}
    with transaction.atomic():
        for pk in participants:
            attended = pk in attended_ids
            record = existing.get(pk)
            if record is None:
                Attendance.objects.create(
                    session=session, participant_id=pk, attended=attended, recorded_by=by
                )
            elif record.attended != attended:
                record.attended = attended
                record.recorded_by = by
                record.save(update_fields=["attended", "recorded_by"])
    return sum(1 for pk in participants if pk in attended_ids)
