"""A person's weekly digest: previewed as it would be sent this week, and turned on or off."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.digest.build import digest_for
from partnership.lib.digest import DigestWeek
from partnership.lib.forms import BootstrapFormMixin


class DigestSettingsForm(BootstrapFormMixin, forms.Form):
    weekly_digest = forms.BooleanField(
        label="Send me the weekly email", required=False, help_text="Sent on Mondays."
    )


@login_required
def preview(request: HttpRequest) -> HttpResponse:
    week = DigestWeek.of(timezone.localdate())
    context = {
        "week": week,
        "digest": digest_for(request.user, week),
        "form": DigestSettingsForm(initial={"weekly_digest": request.user.weekly_digest}),
    }
    return render(request, "partnership/digest.html", context)


@login_required
@require_POST
def settings(request: HttpRequest) -> HttpResponse:
    form = DigestSettingsForm(request.POST)
    if form.is_valid():
        request.user.weekly_digest = form.cleaned_data["weekly_digest"]
        request.user.save(update_fields=["weekly_digest"])
        if request.user.weekly_digest:
            messages.success(request, "You will get the weekly email.")
        else:
            messages.success(request, "The weekly email is off.")
    return redirect("digest:preview")
