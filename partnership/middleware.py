"""Session lifetime and two-factor enforcement."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from partnership.signin.second_factor import must_enrol

SESSION_STARTED_KEY = "partnership_session_started"
SESSION_SEEN_KEY = "partnership_session_seen"
# Renewing the idle expiry costs a session write; once a minute is close enough for an idle
# limit measured in tens of minutes, and spares every other page view that write.
RENEW_EVERY_SECONDS = 60


@receiver(user_logged_in)
def stamp_new_session(sender, request, user, **kwargs):
    """Start both clocks at sign-in, so the first page after it needs no session write."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """Ends a session after it idles for SESSION_COOKIE_AGE or lives SESSION_ABSOLUTE_SECONDS.

    Changing the session renews its expiry (cookie and row), so touching a "last seen" stamp
    at most once a minute keeps an active session alive without a write on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if now - request.session.get(SESSION_SEEN_KEY, 0) >= RENEW_EVERY_SECONDS:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Sends a signed-in person whose role requires a second factor to set one up first.

    The central team and admins must use two-factor sign-in. allauth asks anyone with an
    authenticator app for its code before signing them in; this sends those who have none to add
    one. Signing out, the two-factor and re-authentication pages and static files stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_enrol(request) and not self._is_open(request.path):
            target = reverse("mfa_activate_totp")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        open_prefixes = (
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("mfa_index"),
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
        )
        return path.startswith(open_prefixes)
