"""How a typed sign-in name becomes the name that failed attempts are counted against."""

from django.conf import settings


def normalised_email(value: str | None) -> str:
    """The email as the account holds it: sign-in is case-insensitive and ignores outer spaces."""
    return (value or "").strip().lower()


def lockout_username(request, credentials: dict | None) -> str:
    """django-axes' AXES_USERNAME_CALLABLE: count attempts per account, not per spelling.

    Without it ``PARTNER@...`` and ``partner@...`` would each get a fresh set of guesses, and a
    locked account could still be signed into with a case variant of its email.
    """
    if credentials:
        # allauth authenticates with email=...; Django's own forms with username=...
        typed = credentials.get("email") or credentials.get("username")
        if typed:
            return normalised_email(typed)
    return normalised_email(getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD))
