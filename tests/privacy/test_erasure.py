"""Erasure of a person who has left: an admin action with a confirmation page."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from brokering.models import SupportRequest
from partnership.models import FormSubmission, User
from partnership.privacy.erasure import FORMER_USER_NAME, former_user_email, person_erase
from partnership.privacy.export import personal_data
from reviews.models import TeamMember
from tests.factories.people import AdminFactory, UserFactory
from tests.privacy.conftest import LEAVER_EMAIL, LEAVER_NAME

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:partnership_user_changelist")


@pytest.fixture
def admin_user(db):
    return AdminFactory(email="admin@example.org", full_name="Ada Admin")


def choose(client, people, **extra):
    return client.post(
        CHANGELIST,
        {"action": "erase_personal_data", "_selected_action": [p.pk for p in people], **extra},
    )


def where_text_appears(*texts: str) -> list[str]:
    """Every model (historical ones included) with a text column holding one of the texts."""
    found = []
    for model in apps.get_models():
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for column in columns:
            for text in texts:
                if model._default_manager.filter(**{f"{column}__icontains": text}).exists():
                    found.append(f"{model._meta.label}.{column}")
    return found


def test_the_action_asks_for_confirmation_first(client_for, admin_user, leaver):
    response = choose(client_for(admin_user), [leaver])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Erase personal data?" in page
    assert f"{LEAVER_NAME} ({LEAVER_EMAIL})" in page
    assert "Yes, erase 1 person" in page
    assert reverse("privacy:export", kwargs={"pk": leaver.pk}) in page  # a copy first, if asked
    leaver.refresh_from_db()
    assert (leaver.full_name, leaver.email, leaver.is_active) == (LEAVER_NAME, LEAVER_EMAIL, True)


def test_confirming_replaces_the_name_and_email_everywhere(client_for, admin_user, leaver):
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[leaver], action_flag=CHANGE, change_message="Edited"
    )
    assert where_text_appears(LEAVER_NAME, LEAVER_EMAIL)  # the check finds them before

    response = choose(client_for(admin_user), [leaver], confirm="yes")

    assert response.status_code == 302
    assert where_text_appears(LEAVER_NAME, LEAVER_EMAIL, "pat.leaver") == []
    leaver.refresh_from_db()
    assert leaver.full_name == FORMER_USER_NAME
    assert leaver.email == former_user_email(leaver.pk)
    assert leaver.job_title == ""
    assert not leaver.is_active
    assert not leaver.has_usable_password()
    assert LogEntry.objects.get(object_id=str(leaver.pk)).object_repr == FORMER_USER_NAME


def test_the_erasure_itself_is_in_the_account_history(client_for, admin_user, leaver):
    choose(client_for(admin_user), [leaver], confirm="yes")

    latest = User.history.filter(id=leaver.pk).latest("history_date")
    assert latest.history_user_id == admin_user.pk
    assert latest.history_change_reason == "Personal data erased"


def test_the_records_they_took_part_in_stay_as_a_former_users(client_for, admin_user, leaver):
    choose(client_for(admin_user), [leaver], confirm="yes")

    request = SupportRequest.objects.get(pk=leaver.request.pk)
    assert request.raised_by_id == leaver.pk
    assert str(request.raised_by) == FORMER_USER_NAME
    member = TeamMember.objects.select_related("reviewer__user").get(pk=leaver.team_member.pk)
    assert str(member.reviewer.user) == FORMER_USER_NAME
    # A reviewer who has left is no longer offered for teams.
    assert member.reviewer.is_active is False
    assert SupportRequest.history.filter(history_user_id=leaver.pk).exists()


def test_their_sessions_devices_codes_tokens_and_sign_in_records_go(client_for, admin_user, leaver):
    admin_client = client_for(admin_user)
    sessions_before = Session.objects.count()

    choose(admin_client, [leaver], confirm="yes")

    # Only the leaver's session went; the admin's own is still there.
    assert Session.objects.count() == sessions_before - 1
    assert admin_client.get(CHANGELIST).status_code == 200
    assert not Authenticator.objects.filter(user=leaver).exists()
    assert not EmailAddress.objects.filter(user=leaver).exists()
    assert not FormSubmission.objects.filter(user=leaver).exists()
    assert not AccessAttempt.objects.filter(username=LEAVER_EMAIL).exists()


def test_an_export_after_erasure_names_nobody(admin_user, leaver):
    person_erase(person=leaver, by=admin_user)
    leaver.refresh_from_db()

    text = str(personal_data(person=leaver, user=admin_user))

    assert LEAVER_NAME not in text
    assert LEAVER_EMAIL not in text


def test_other_people_are_untouched(client_for, admin_user, leaver):
    other = UserFactory(email="olly@example.org", full_name="Olly Other")

    choose(client_for(admin_user), [leaver], confirm="yes")

    other.refresh_from_db()
    assert (other.full_name, other.email, other.is_active) == (
        "Olly Other",
        "olly@example.org",
        True,
    )
    assert User.history.filter(id=other.pk, full_name="Olly Other").exists()


def test_an_admin_cannot_erase_themselves(client_for, admin_user, leaver):
    client = client_for(admin_user)

    page = choose(client, [admin_user]).content.decode()
    choose(client, [admin_user], confirm="yes")

    assert "not erased: You cannot erase your own account." in page
    admin_user.refresh_from_db()
    assert admin_user.full_name == "Ada Admin"
    with pytest.raises(ValidationError):
        person_erase(person=admin_user, by=admin_user)


def test_erasing_twice_is_refused(admin_user, leaver):
    person_erase(person=leaver, by=admin_user)
    leaver.refresh_from_db()

    with pytest.raises(ValidationError, match="already been erased"):
        person_erase(person=leaver, by=admin_user)


def test_an_erased_account_cannot_sign_in(client, admin_user, leaver):
    person_erase(person=leaver, by=admin_user)

    response = client.post(
        reverse("account_login"),
        {"login": LEAVER_EMAIL, "password": "correct-horse-battery-staple"},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_admin_log_entry_of_the_user_content_type_only_is_rewritten(admin_user, leaver):
    # A log entry of another kind of record with the same id keeps its text.
    school_type = ContentType.objects.get_by_natural_key("hubs", "school")
    entry = LogEntry.objects.create(
        user=admin_user,
        content_type=school_type,
        object_id=str(leaver.pk),
        object_repr="Some School",
        action_flag=CHANGE,
    )

    person_erase(person=leaver, by=admin_user)

    entry.refresh_from_db()
    assert entry.object_repr == "Some School"
