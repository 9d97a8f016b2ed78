"""Create forms that are acted on once: a repeated submission never makes a second record.

A form that creates something carries a one-time token (`OnceOnlyFormMixin`). The view makes the
record through `create_once`, which stores the token in the same transaction; sending the same
form again (a double click, or Back and send again) finds the token used and raises
`RepeatedSubmission` with the address of what the first submission made. static/js/forms.js also
disables a form's buttons once it is sent, so most repeats never leave the browser.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from partnership.models import FormSubmission

Created = TypeVar("Created")

REPEAT_MESSAGE = "That form had already been sent, so nothing new was saved. Here is what it made."


class RepeatedSubmission(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class OnceOnlyFormMixin(forms.Form):
    """Adds the hidden one-time token; a new one each time the empty form is shown."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def create_once(*, token: uuid.UUID, user, create: Callable[[], Created]) -> Created:
    """Run `create()` unless this token was used before; record the token with its result.

    The created object's `get_absolute_url()`, when it has one, is where a repeat is sent.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(token=token, user=user)
        except IntegrityError:
            earlier = FormSubmission.objects.filter(token=token, user=user).first()
            raise RepeatedSubmission(earlier.result_url if earlier else "") from None
        created = create()
        url = getattr(created, "get_absolute_url", None)
        if url is not None:
            submission.result_url = url()
            submission.save(update_fields=["result_url"])
        return created


def create_once_for_form(request: HttpRequest, form, create: Callable[[], Created]) -> Created:
    """`create_once` with the valid form's own token, for the signed-in user."""
    return create_once(
        token=form.cleaned_data["submission_token"], user=request.user, create=create
    )


def repeated_response(request: HttpRequest, repeat: RepeatedSubmission, fallback) -> HttpResponse:
    """A form sent twice: say nothing new was saved, and show what the first one made."""
    messages.info(request, REPEAT_MESSAGE)
    return redirect(repeat.url or fallback)
