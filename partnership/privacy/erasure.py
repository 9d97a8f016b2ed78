"""Erasure of a person who has left: what identifies them goes, what they took part in stays.

Each app removes or anonymises its own part (Page.ERASURE), with the person still as they were;
then the account is kept, deactivated, as "A former user" with a placeholder email, and the
name and email are replaced in every historical row of the account and the admin site's log.
Records that point at the account (reviews, requests, history entries they made) now show
"A former user".
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.lib.sections import Page, sections_for
from partnership.models import User

FORMER_USER_NAME = "A former user"
ERASED_REASON = "Personal data erased"


def former_user_email(pk: int) -> str:
    # .invalid is reserved (RFC 2606): mail to it can never be delivered to anyone.
    return f"former-user-{pk}@erased.invalid"


def is_erased(person) -> bool:
    return person.email == former_user_email(person.pk)


def erasure_problems(*, person, by) -> list[str]:
    """Why this person cannot be erased by this admin (empty when they can)."""
    if person.pk == by.pk:
        return ["You cannot erase your own account."]
    if is_erased(person):
        return ["Their personal data has already been erased."]
    return []


def person_erase(*, person, by) -> list[tuple[str, int]]:
    """Erase the person's personal data; returns what was removed or anonymised, with counts."""
    if problems := erasure_problems(person=person, by=by):
        raise ValidationError(problems)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        done = list(sections_for(Page.ERASURE, by, person))

        email = former_user_email(person.pk)
        person.full_name = FORMER_USER_NAME
        person.email = email
        person.job_title = ""
        person.is_active = False
        person.is_central_team = person.is_staff = person.is_superuser = False
        person.set_unusable_password()
        person.full_clean()
        person._history_user = by
        person._change_reason = ERASED_REASON
        person.save()
        person.groups.clear()
        person.user_permissions.clear()

        history = User.history.filter(id=person.pk).update(
            email=email, full_name=FORMER_USER_NAME, job_title=""
        )
        log = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
        ).update(object_repr=FORMER_USER_NAME)
    return [*done, ("account history entries", history), ("admin log entries", log)]
