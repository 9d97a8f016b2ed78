"""django-allauth adapters: closed sign-up, links from SITE_URL, the authenticator app's name."""

import time
from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from partnership.lib.mail import email_send


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Accounts are made by staff in the admin; nobody signs themselves up.
        return False

    def reauthenticate(self, user, password: str) -> bool:
        # allauth looks the email up in its own address table, which staff-made accounts have no
        # row in; the password is the user's own.
        return user.check_password(password)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A sign-in a few minutes ago counts as confirming it is you.

        Without this, someone told to set up two-factor sign-in straight after signing in would
        be asked for the password they have just typed.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        records = get_authentication_records(request, request.user) if request else []
        newest = max((record.get("at", 0) for record in records), default=0)
        return time.time() - newest > account_settings.REAUTHENTICATION_TIMEOUT

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The link in the reset email, absolute from SITE_URL like every other email's."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return f"{settings.SITE_URL}{path.replace('UID-KEY', quote(key))}"

    def get_password_change_redirect_url(self, request) -> str:
        return reverse("dashboard")

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails (a password reset) go through the job queue like every other."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        queued = QueuedEmail(message.subject, message.body, message.from_email, message.to)
        queued.alternatives = list(getattr(message, "alternatives", []))
        return queued


class QueuedEmail(EmailMultiAlternatives):
    """A rendered message whose sending queues it, retried with backoff when SMTP fails."""

    def send(self, fail_silently: bool = False) -> int:
        html = next((content for content, kind in self.alternatives if kind == "text/html"), "")
        email_send(subject=self.subject, body=self.body, recipients=self.to, html=html)
        return 1


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user) -> str:
        return user.email
