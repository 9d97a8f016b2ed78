"""Pages to enrol an authenticator app and to give a code at sign-in."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from partnership.two_factor.devices import (
    ENROLLED_SESSION_KEY,
    NEW_CODES_SESSION_KEY,
    PENDING_KEY_SESSION_KEY,
    CodeCheck,
    confirmed_devices,
    mark_verified,
    recovery_code_sign_in,
    recovery_codes_issue,
    recovery_codes_left,
    second_factor_reset,
    verify_code,
)
from partnership.two_factor.forms import CodeForm, RecoveryCodeForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    devices = confirmed_devices(request.user)
    context = {
        "devices": devices,
        "codes_left": recovery_codes_left(request.user) if devices else 0,
        "may_make_codes": bool(devices) and request.user.is_verified(),
    }
    return render(request, "two_factor/index.html", context)


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
            return _show_new_codes(request, recovery_codes_issue(user=request.user))
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
        check = verify_code(request, form.cleaned_data["code"])
        if check.accepted:
            return redirect(_next_url(request))
        form.add_error("code", _refusal(check, "That code did not match."))
    return render(request, "two_factor/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def recovery(request: HttpRequest) -> HttpResponse:
    """Sign in with a recovery code when the phone is lost; the person then enrols a new one."""
    if not confirmed_devices(request.user):
        return redirect("two_factor:setup")
    form = RecoveryCodeForm(request.POST or None)
    if form.is_valid():
        check = recovery_code_sign_in(request, form.cleaned_data["code"])
        if check.accepted:
            messages.success(
                request,
                "Recovery code accepted, and your lost phone is removed from your account. "
                "Set up your new phone now.",
            )
            return redirect(
                f"{reverse('two_factor:setup')}?{urlencode({'next': _next_url(request)})}"
            )
        form.add_error("code", _refusal(check, "That recovery code did not match an unused one."))
    return render(request, "two_factor/recovery.html", {"form": form, "next": _next_url(request)})


@login_required
def codes(request: HttpRequest) -> HttpResponse:
    """Show recovery codes just made, once: the session hands them over a single time."""
    new_codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not new_codes:
        return redirect("two_factor:index")
    context = {"codes": new_codes, "next": _next_url(request)}
    return render(request, "two_factor/codes.html", context)


@require_POST
@login_required
def new_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes; only with a session that gave the second factor."""
    if not (confirmed_devices(request.user) and request.user.is_verified()):
        return redirect("two_factor:index")
    return _show_new_codes(request, recovery_codes_issue(user=request.user))


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    """Only people for whom two-factor is optional may turn it off."""
    if request.user.needs_two_factor:
        messages.error(request, "Your role requires two-factor sign-in; it cannot be turned off.")
        return redirect("two_factor:index")
    second_factor_reset(user=request.user)
    request.session[ENROLLED_SESSION_KEY] = False
    messages.success(request, "Two-factor sign-in is off for your account.")
    return redirect("two_factor:index")


def _grouped(secret: str) -> str:
    """The base32 secret in groups of four, easier to type into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _show_new_codes(request: HttpRequest, new_codes: list[str]) -> HttpResponse:
    """Hand new codes to the page that shows them once; a reload there shows them no more."""
    request.session[NEW_CODES_SESSION_KEY] = new_codes
    target = reverse("two_factor:codes")
    return redirect(f"{target}?{urlencode({'next': _next_url(request)})}")


def _refusal(check: CodeCheck, wrong: str) -> str:
    """Say whether the code was wrong or not checked at all, and when another try is taken."""
    wait = check.wait_seconds
    unit = "second" if wait == 1 else "seconds"
    until = timezone.localtime(check.locked_until).strftime("%H:%M:%S") if wait else ""
    if not check.checked:
        return (
            "Your code was not checked: there were too many wrong codes in a row. "
            f"Wait {wait} {unit} (until {until}), then try again."
        )
    # The first wrong codes earn a wait of a second or so: not worth a sentence.
    if wait < 2:
        return f"{wrong} Try again."
    return f"{wrong} After several wrong codes, wait {wait} {unit} (until {until}) to try again."
