"""Session lifetime and two-factor enforcement."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from partnership.two_factor import confirmed_devices, must_verify

SESSION_STARTED_KEY = "partnership_session_started"


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_ABSOLUTE_SECONDS, however active it is.

    The idle limit is the session cookie's age, renewed on every request
    (SESSION_SAVE_EVERY_REQUEST); this adds the absolute limit the cookie cannot express.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}")
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Sends a signed-in person who needs a second factor to give one before anything else.

    The central team and admins must use two-factor sign-in; anyone else who enrolled a device
    must use it too. Signing in and out, the two-factor pages and static files stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_verify(request) and not self._is_open(request.path):
            has_device = bool(confirmed_devices(request.user))
            target = reverse("two_factor:verify" if has_device else "two_factor:setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        open_prefixes = (
            reverse("login"),
            reverse("logout"),
            reverse("two_factor:index"),
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
        )
        return path.startswith(open_prefixes)
