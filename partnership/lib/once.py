"""Create forms that are acted on once: a repeated submission never makes a second record.

A form that creates something carries a one-time token (`OnceOnlyFormMixin`). The view makes the
record through `create_once_for_form`, which stores the token in the same transaction; sending
the same form again (a double click) finds the token used and raises `RepeatedSubmission` with
the address of what the first submission made.

Back, then sending again, may send a copy of the page the browser fetched afresh, with a new
token. So each use also stores what was sent: the page's address and a hash of its fields. The
same person sending the same fields to the same page within `REPEAT_WINDOW` is a repeat too, and
is answered with the first record. (To make a second, identical record on purpose, change any
field, or wait.) static/js/forms.js also disables a form's buttons once it is sent, so most
repeats never leave the browser.
"""

import hashlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from partnership.models import FormSubmission

Created = TypeVar("Created")

REPEAT_MESSAGE = "That form had already been sent, so nothing new was saved. Here is what it made."
# How long the same fields sent to the same page count as a repeat of the first sending.
REPEAT_WINDOW = timedelta(minutes=30)
# Not part of what a person typed: a fresh copy of the page carries new ones.
NOT_CONTENT = {"csrfmiddlewaretoken", "submission_token"}


class RepeatedSubmission(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class OnceOnlyFormMixin(forms.Form):
    """Adds the hidden one-time token; a new one each time the empty form is shown."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def content_hash(request: HttpRequest) -> str:
    """A hash of the page a form was sent to and the fields sent, files by name and size."""
    digest = hashlib.sha256(request.get_full_path().encode())
    for name, values in sorted(request.POST.lists()):
        if name not in NOT_CONTENT:
            digest.update(repr((name, values)).encode())
    for name, files in sorted(request.FILES.lists()):
        digest.update(repr((name, [(f.name, f.size) for f in files])).encode())
    return digest.hexdigest()


def create_once(
    *, token: uuid.UUID, user, create: Callable[[], Created], content: str = ""
) -> Created:
    """Run `create()` unless this token, or this content recently, was used; record the use.

    The created object's `get_absolute_url()`, when it has one, is where a repeat is sent.
    """
    with transaction.atomic():
        if content:
            _refuse_recent_same_content(user, content)
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(
                    token=token, user=user, content_hash=content
                )
        except IntegrityError:
            earlier = FormSubmission.objects.filter(token=token, user=user).first()
            raise RepeatedSubmission(earlier.result_url if earlier else "") from None
        created = create()
        url = getattr(created, "get_absolute_url", None)
        if url is not None:
            submission.result_url = url()
            submission.save(update_fields=["result_url"])
        return created


def _refuse_recent_same_content(user, content: str) -> None:
    # Two copies of a page sent at once wait for each other here, so the second sees the first.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(content[:15], 16)])
    earlier = (
        FormSubmission.objects.filter(
            user=user, content_hash=content, submitted_at__gte=timezone.now() - REPEAT_WINDOW
        )
        .order_by("-submitted_at")
        .first()
    )
    if earlier is not None:
        raise RepeatedSubmission(earlier.result_url)


def create_once_for_form(request: HttpRequest, form, create: Callable[[], Created]) -> Created:
    """`create_once` with the valid form's own token and what was sent, for the signed-in user."""
    return create_once(
        token=form.cleaned_data["submission_token"],
        user=request.user,
        create=create,
        content=content_hash(request),
    )


def repeated_response(request: HttpRequest, repeat: RepeatedSubmission, fallback) -> HttpResponse:
    """A form sent twice: say nothing new was saved, and show what the first one made."""
    messages.info(request, REPEAT_MESSAGE)
    return redirect(repeat.url or fallback)
