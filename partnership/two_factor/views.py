"""Pages to enrol an authenticator app and to give a code at sign-in."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from partnership.two_factor.devices import (
    ENROLLED_SESSION_KEY,
    PENDING_KEY_SESSION_KEY,
    confirmed_devices,
    mark_verified,
    verify_code,
)
from partnership.two_factor.forms import CodeForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    devices = confirmed_devices(request.user)
    return render(request, "two_factor/index.html", {"devices": devices})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Show a new key as a QR code and text; a correct code from the app confirms it."""
    if confirmed_devices(request.user):
        return redirect("two_factor:index")
    key = request.session.get(PENDING_KEY_SESSION_KEY) or default_key()
    request.session[PENDING_KEY_SESSION_KEY] = key
    device = TOTPDevice(user=request.user, key=key, name="Authenticator app")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        if totp.verify(int(form.cleaned_data["code"]), device.tolerance):
            device.last_t = totp.t()
            device.save()
            del request.session[PENDING_KEY_SESSION_KEY]
            mark_verified(request, device)
            messages.success(request, "Two-factor sign-in is on for your account.")
            return redirect(_next_url(request))
        form.add_error("code", "That code did not match. Check your phone's clock and try again.")
    context = {
        "form": form,
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": _grouped(device.config_url.split("secret=")[1].split("&")[0]),
        "next": _next_url(request),
    }
    return render(request, "two_factor/setup.html", context)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not confirmed_devices(request.user):
        return redirect("two_factor:setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if verify_code(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "That code did not match, or too many tries: wait and try again.")
    return render(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)})


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    """Only people for whom two-factor is optional may turn it off."""
    if request.user.needs_two_factor:
        messages.error(request, "Your role requires two-factor sign-in; it cannot be turned off.")
        return redirect("two_factor:index")
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session[ENROLLED_SESSION_KEY] = False
    messages.success(request, "Two-factor sign-in is off for your account.")
    return redirect("two_factor:index")


def _grouped(secret: str) -> str:
    """The base32 secret in groups of four, easier to type into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
