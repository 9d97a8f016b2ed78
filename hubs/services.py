"""Writes that span hub models: joining, leaving and moving between hubs."""

import datetime
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction

from hubs.models import Hub, Membership, School


@transaction.atomic
def membership_join(*, school: School, hub: Hub, joined_on: datetime.date) -> Membership:
    """Open a membership and make the hub the school's current hub."""
    school = School.objects.select_for_update().get(pk=school.pk)
    membership = Membership(school=school, hub=hub, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    School.objects.filter(pk=school.pk).update(hub=hub)
    return membership


@transaction.atomic
def membership_leave(
    *,
    school: School,
    left_on: datetime.date,
    reason: str = Membership.LeaveReason.LEFT,
) -> Membership:
    """Close the school's open membership; it then belongs to no hub."""
    school = School.objects.select_for_update().get(pk=school.pk)
    membership = Membership.objects.open().get(school=school)
    membership.left_on = left_on
    membership.leave_reason = reason
    membership.full_clean()
    membership.save()
    School.objects.filter(pk=school.pk).update(hub=None)
    return membership


@transaction.atomic
def membership_move(*, school: School, to_hub: Hub, moved_on: datetime.date) -> Membership:
    """Close the membership in the old hub and open one in the new hub on the same day."""
    membership_leave(school=school, left_on=moved_on, reason=Membership.LeaveReason.MOVED)
    return membership_join(school=school, hub=to_hub, joined_on=moved_on)


# The details a hub manager or the central team edit on the school page; not the URN or hub.
SCHOOL_DETAIL_FIELDS = [
    "name",
    "phase",
    "establishment_type",
    "governance",
    "trust",
    "local_authority",
    "region",
    "postcode",
    "pupils_on_roll",
    "percent_fsm",
    "percent_sen",
    "ofsted_framework",
    "ofsted_grade",
    "ofsted_report_card",
    "ofsted_safeguarding_met",
    "ofsted_inspection_date",
    "is_teaching_school",
    "is_open",
]


def school_fingerprint(school: School) -> str:
    """A digest of the school's editable details, to notice a change made since a form opened.

    It covers changes from any source (another person, admin, the GIAS import) without a
    version column on the model.
    """
    values = {
        name: getattr(school, School._meta.get_field(name).attname) for name in SCHOOL_DETAIL_FIELDS
    }
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def school_update(*, school: School, fingerprint: str) -> School:
    """Save the edited details of `school` unless someone changed them since `fingerprint`."""
    current = School.objects.select_for_update().get(pk=school.pk)
    if school_fingerprint(current) != fingerprint:
        raise ValidationError(
            "Someone else changed this school's details while you were editing. "
            "The form now shows their version; make your changes again and save."
        )
    school.full_clean(exclude=["hub"])
    # Only the edited fields: the hub follows memberships and may have moved meanwhile.
    school.save(update_fields=[*SCHOOL_DETAIL_FIELDS, "postcode_compact"])
    return school


@transaction.atomic
def school_sync_hub(*, school: School) -> School:
    """Make the school's hub the hub of its open membership, or none when it has none."""
    school = School.objects.select_for_update().get(pk=school.pk)
    hub_id = (
        Membership.objects.open().filter(school=school).values_list("hub_id", flat=True).first()
    )
    if school.hub_id != hub_id:
        school.hub_id = hub_id
        school.save(update_fields=["hub"])
    return school
