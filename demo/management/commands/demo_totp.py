"""Print the current two-factor code of a demo user, so the demo can be signed in to."""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from demo.context import DEMO_EMAIL_DOMAIN
from partnership.signin.second_factor import current_code


class Command(BaseCommand):
    help = "Show the current two-factor code for a demo user (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        # Real accounts' codes never leave their owner's phone; only demo accounts are served.
        if not email.lower().endswith(f"@{DEMO_EMAIL_DOMAIN}"):
            raise CommandError(f"Only demo accounts (@{DEMO_EMAIL_DOMAIN}) have a code to show.")
        authenticator = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no authenticator app. Run seed_demo first.")
        self.stdout.write(current_code(authenticator))
