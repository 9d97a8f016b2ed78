"""The programme pages at national scale, on their own: `python -m bench.programmes`.

The full benchmark (`bench.run`) drives the programme and cohort pages with every other page;
this builds only what they need (hubs, schools and people, then 50 programmes, about 5,000
cohorts and 200,000 enrolments, each with demo.hubs and demo.programmes) in its own database,
and times each programme page in-process with Django's test client: the server's own work, with
no HTTP or gunicorn in front of it. It prints p50 and p95 in ms and the SQL queries per request.

    DB_NAME=programmes_bench bin/with-db .venv/bin/python -m bench.programmes
"""

import argparse
import datetime
import os
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=25_000)
    parser.add_argument("--hubs", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=40, help="Timed requests per page.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from demo import hubs as demo_hubs
    from demo import programmes as demo_programmes
    from demo.context import DemoContext, DemoScale
    from hubs.models import Hub, School
    from partnership.models import User
    from partnership.signin.second_factor import ENROLLED_SESSION_KEY
    from programmes.models import Cohort, Enrolment

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if not School.objects.exists():
        ctx = DemoContext(
            scale=DemoScale.for_schools(args.schools, args.hubs),
            rng=random.Random(2026),
            today=datetime.date.today(),
            show_progress=False,
        )
        started = time.monotonic()
        with transaction.atomic():
            demo_hubs.seed(ctx)
            demo_programmes.seed(ctx)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"Built in {time.monotonic() - started:.0f} s.")
    print(
        f"{School.objects.count()} schools, {Cohort.objects.count()} cohorts, "
        f"{Enrolment.objects.count()} enrolments"
    )
    from bench.pages import _largest_cohort

    slug, cohort_id = _largest_cohort()
    hub = (
        Hub.objects.get(cohorts__id=cohort_id)
        if Cohort.objects.get(pk=cohort_id).hub_id
        else (Hub.objects.order_by("id").first())
    )
    central = User.objects.filter(is_central_team=True).order_by("id").first()
    manager = hub.managers.order_by("id").first()
    contact = User.objects.filter(school_contacts__school__enrolments__isnull=False).first()
    pages = [
        # For scale on a busy machine: an existing list of the same kind, timed the same way.
        ("schools list (for comparison)", central, reverse("hubs:school_list")),
        ("programme list", central, reverse("programmes:programme_list")),
        ("programme page", central, reverse("programmes:programme_detail", args=[slug])),
        ("cohort page (largest)", central, reverse("programmes:cohort_detail", args=[cohort_id])),
        ("hub's enrolments", manager, reverse("programmes:hub_enrolments", args=[hub.slug])),
        ("network's enrolments", central, reverse("programmes:network_enrolments")),
        (
            "network's enrolments, filtered",
            central,
            reverse("programmes:network_enrolments") + "?status=waitlisted&phase=primary",
        ),
        ("my school's programmes", contact, reverse("programmes:my_school")),
    ]
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, user, url in pages:
        client = Client()
        client.force_login(user)
        if getattr(user, "needs_two_factor", False):
            # An authenticator app and a session that has given its code, as after signing in.
            Authenticator.objects.get_or_create(
                user=user,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}},
            )
            session = client.session
            session[ENROLLED_SESSION_KEY] = True
            session.save()
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{name:34} {statistics.median(times):8.1f} {p95:8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
