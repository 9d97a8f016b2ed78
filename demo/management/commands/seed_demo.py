"""Build a realistic demo network, or one at national scale for the benchmark."""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.context import DEMO_PASSWORD, DemoContext, DemoScale
from hubs.models import School

# Each app seeds its own part, in dependency order; each module has seed(ctx). The last gives the
# demo central team and admins their published two-factor key (see `manage.py demo_totp`).
SEEDERS = [
    "demo.hubs",
    "demo.operations",
    "demo.reviews",
    "demo.reviewflow",
    "demo.brokering",
    "demo.publicdata",
    "demo.programmes",
    "demo.events",
    "demo.finance",
    "demo.security",
    "demo.impact",
]


class Command(BaseCommand):
    help = "Build a demo network: hubs, schools, trusts, people, reviews and support requests."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument("--schools", type=int, default=550)
        parser.add_argument("--hubs", type=int, default=45)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date the demo treats as today (default: today).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Add to a database that already holds schools."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when schools already exist."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if School.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already holds schools; demo data not loaded.")
                return
            if not options["force"]:
                raise CommandError(
                    "The database already holds schools. Use an empty database, "
                    "or pass --force to add the demo network to it."
                )
        if options["hubs"] < 1 or options["schools"] < options["hubs"]:
            raise CommandError("Give at least one hub and at least as many schools as hubs.")
        ctx = DemoContext(
            scale=DemoScale.for_schools(options["schools"], options["hubs"]),
            rng=random.Random(options["seed"]),
            today=options["today"] or datetime.date.today(),
            show_progress=not options["no_progress"] and options["verbosity"] > 0,
        )
        started = time.monotonic()
        with transaction.atomic():
            for module_name in SEEDERS:
                module = __import__(module_name, fromlist=["seed"])
                module.seed(ctx)
        # Fresh statistics, so the planner knows the tables just grew.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo network built in {elapsed:.1f} s: {ctx.scale.schools} schools, "
                f"{ctx.scale.hubs} hubs."
            )
        )
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for role, email in ctx.logins:
            self.stdout.write(f"  {role:<16} {email}")
