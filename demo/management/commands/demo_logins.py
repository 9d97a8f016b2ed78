"""Print the demo network's sign-in details (after seed_demo)."""

from django.core.management.base import BaseCommand

from demo.context import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from hubs.models import Hub, SchoolContact
from partnership.models import User


class Command(BaseCommand):
    help = "Show one demo login for each role."

    def handle(self, *args, **options):
        demo_users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        if not demo_users.exists():
            self.stdout.write("No demo users in this database.")
            return
        first_hub = Hub.objects.order_by("id").first()
        contact = (
            SchoolContact.objects.filter(is_headteacher=True, school__hub__isnull=False)
            .exclude(school__hub=first_hub)
            .select_related("user")
            .order_by("id")
            .first()
        )
        rows = [
            ("admin", demo_users.filter(is_superuser=True).order_by("id").first()),
            ("central team", demo_users.filter(email=f"central@{DEMO_EMAIL_DOMAIN}").first()),
            ("hub manager", first_hub.managers.order_by("id").first() if first_hub else None),
            ("senior partner", first_hub.senior_partner if first_hub else None),
            ("school contact", contact.user if contact else None),
            (
                "lead reviewer",
                demo_users.filter(email=f"lead.reviewer@{DEMO_EMAIL_DOMAIN}").first(),
            ),
            (
                "peer reviewer",
                demo_users.filter(email=f"peer.reviewer@{DEMO_EMAIL_DOMAIN}").first(),
            ),
        ]
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, user in rows:
            if user is not None:
                self.stdout.write(f"  {role:<16} {user.email}")
