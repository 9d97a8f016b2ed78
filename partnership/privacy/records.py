"""What the partnership app itself holds about a person: the account, its history, sign-in
records (attempts, sessions, second factor, one-time form tokens) and the changes they made.

Registered before every other app's sections (PartnershipConfig.ready), so the profile comes
first in an export.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import QuerySet

from partnership.history.changes import tracked_models
from partnership.lib.sections import Page, section
from partnership.lib.signin import normalised_email
from partnership.models import FormSubmission, User
from partnership.signin.second_factor import second_factor_reset

PROFILE_FIELDS = (
    "id",
    "email",
    "full_name",
    "job_title",
    "is_central_team",
    "is_staff",
    "is_superuser",
    "is_active",
    "date_joined",
    "last_login",
)


def sign_in_attempts(person) -> list[QuerySet]:
    """django-axes' records of signing in as this person's email (failed, locked and logged)."""
    username = normalised_email(person.email)
    return [
        model.objects.filter(username=username)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]


def sessions_of(person) -> list[Session]:
    """The stored sessions signed in as this person.

    Sessions are signed data keyed by a random key, so each is decoded to read whose it is;
    the table holds only live sessions and those the retention purge has not yet removed.
    """
    user_id = str(person.pk)
    return [
        session
        for session in Session.objects.only("session_key", "session_data", "expire_date")
        .order_by("expire_date")
        .iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]


def changes_made_by(person) -> list[dict]:
    """Every history entry they made, of every kind of record: one query per kind."""
    rows = []
    for label, historical in tracked_models().items():
        for entry in historical.objects.filter(history_user_id=person.pk).values(
            "id", "history_id", "history_date", "history_type", "history_change_reason"
        ):
            rows.append(
                {
                    "record_type": label,
                    "record_id": entry["id"],
                    "history_id": entry["history_id"],
                    "when": entry["history_date"],
                    "change": {"+": "created", "~": "changed", "-": "deleted"}.get(
                        entry["history_type"], entry["history_type"]
                    ),
                    "reason": entry["history_change_reason"] or "",
                }
            )
    return sorted(rows, key=lambda row: row["when"])


@section(Page.PERSONAL_DATA)
def personal_data(user, person) -> list[tuple[str, list[dict]]]:
    attempts, failures, logs = sign_in_attempts(person)
    return [
        ("profile", list(User.objects.filter(pk=person.pk).values(*PROFILE_FIELDS))),
        (
            # Central team, admin access and the name and email as they were, change by change.
            "account_history",
            list(
                User.history.filter(id=person.pk)
                .order_by("history_date", "history_id")
                .values(
                    "history_date",
                    "history_type",
                    "email",
                    "full_name",
                    "job_title",
                    "is_central_team",
                    "is_staff",
                    "is_superuser",
                    "is_active",
                    "history_user_id",
                )
            ),
        ),
        ("changes_made", changes_made_by(person)),
        (
            "admin_site_actions",
            list(
                LogEntry.objects.filter(user_id=person.pk)
                .order_by("action_time")
                .values("action_time", "content_type__model", "object_id", "object_repr")
            ),
        ),
        (
            "failed_sign_ins",
            list(
                attempts.values("attempt_time", "ip_address", "user_agent", "failures_since_start")
            )
            + list(failures.values("attempt_time", "ip_address", "user_agent", "locked_out")),
        ),
        (
            "sign_ins",
            list(logs.values("attempt_time", "logout_time", "ip_address", "user_agent")),
        ),
        ("sessions", [{"expires": session.expire_date} for session in sessions_of(person)]),
        (
            "second_factor",
            list(
                Authenticator.objects.filter(user=person)
                .order_by("created_at")
                .values("type", "created_at", "last_used_at")
            ),
        ),
        (
            "sign_in_email_addresses",
            list(EmailAddress.objects.filter(user=person).values("email", "verified", "primary")),
        ),
        (
            "forms_sent",
            list(
                FormSubmission.objects.filter(user=person)
                .order_by("submitted_at")
                .values("submitted_at", "result_url")
            ),
        ),
    ]


@section(Page.ERASURE)
def erase(user, person) -> list[tuple[str, int]]:
    """Sign-in records go; the account itself is anonymised by person_erase afterwards."""
    sessions = [session.session_key for session in sessions_of(person)]
    Session.objects.filter(session_key__in=sessions).delete()
    attempts = sum(queryset.delete()[0] for queryset in sign_in_attempts(person))
    tokens, _ = FormSubmission.objects.filter(user=person).delete()
    addresses, _ = EmailAddress.objects.filter(user=person).delete()
    return [
        ("sessions", len(sessions)),
        ("second-factor apps and recovery codes", second_factor_reset(user=person)),
        ("sign-in email addresses", addresses),
        ("one-time form tokens", tokens),
        ("sign-in records", attempts),
    ]
