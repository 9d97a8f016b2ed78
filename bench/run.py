"""The national-scale benchmark: `make bench`, or `python -m bench.run --help`.

1. Builds a separate database once with `seed_demo --schools 25000 --hubs 1000` (kept between
   runs; rebuilt only when it holds less than the asked scale).
2. Serves the app with gunicorn on 127.0.0.1 under production settings plus bench.settings (a
   floor page, admin's changelists at the app's page size, and a header with each request's
   SQL query count).
3. Signs in the demo central team (password, then a TOTP code), hub manager, senior partner,
   school contact and superuser, and drives each key page: latency one request at a time
   (p50/p95/p99), then requests per second with concurrent clients, in turns with the floor
   page and, for a list page, with admin's changelist of the same model; errors and SQL
   queries per request.
4. Capacity: mixed traffic sent open-loop at 40 requests a second for 60 s, then in steps up
   (or down) to the highest rate that holds, bounded in steps and time.
5. Times the GIAS import of a generated extract (rolled back, so the scale stays as built), and
   measures every key page's p95 while the same import runs on a procrastinate worker.
6. Writes bench/results.json and prints a table with each target (bench.targets) met or missed;
   exits 1 when one is missed (with --smoke, only when a request failed).
"""

import argparse
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import targets

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "bench.settings"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark Partnership at national scale.")
    parser.add_argument("--schools", type=int, default=25_000)
    parser.add_argument("--hubs", type=int, default=1_000)
    parser.add_argument(
        "--db-name",
        default=os.environ.get("DB_NAME", "partnership_bench"),
        help="Database to build and serve (on DATABASE_URL's server). Default partnership_bench.",
    )
    parser.add_argument("--database-url", help="Use this database as it is named (tests).")
    parser.add_argument("--seconds", type=float, default=3.0, help="One-client time per page.")
    parser.add_argument("--concurrent-seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers.")
    parser.add_argument(
        "--capacity-rate", type=float, default=targets.CAPACITY_RATE, help="Requests a second."
    )
    parser.add_argument("--capacity-seconds", type=float, default=targets.CAPACITY_SECONDS)
    parser.add_argument(
        "--step-seconds", type=float, default=30.0, help="Length of each capacity step."
    )
    parser.add_argument("--steps", type=int, default=6, help="At most this many capacity steps.")
    parser.add_argument(
        "--steps-budget", type=float, default=300.0, help="No step starts after this many seconds."
    )
    parser.add_argument("--gias-rows", type=int, default=50_000, help="0 skips the import.")
    parser.add_argument("--output", type=Path, default=BASE_DIR / "bench" / "results.json")
    parser.add_argument("--work-dir", type=Path, default=BASE_DIR / "var" / "bench")
    parser.add_argument(
        "--rebuild", action="store_true", help="Empty and seed the database even if at scale."
    )
    parser.add_argument(
        "--smoke", action="store_true", help="A few requests per page: checks it runs, not speed."
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.seconds, args.concurrent_seconds = 0.0, 0.3
        args.capacity_rate, args.capacity_seconds = min(args.capacity_rate, 10), 1.0
        args.step_seconds, args.steps = 0.5, 1
        args.gias_rows = min(args.gias_rows, 200)
    return args


def database_url(args) -> str:
    if args.database_url:
        return args.database_url
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnership")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{args.db_name}"))


def prepare_database(url: str, schools: int, hubs: int, rebuild: bool = False) -> bool:
    """Create or empty the database as needed; True when it must be seeded."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    with psycopg.connect(url) as conn:
        if not conn.execute("SELECT to_regclass('hubs_school')").fetchone()[0]:
            return True
        have_schools = conn.execute("SELECT count(*) FROM hubs_school").fetchone()[0]
        have_hubs = conn.execute("SELECT count(*) FROM hubs_hub").fetchone()[0]
    if have_schools >= schools and have_hubs >= hubs and not rebuild:
        return False
    if have_schools == 0:
        return True
    if not name.startswith("partnership_bench"):
        raise SystemExit(
            f"{name} holds {have_schools} schools, fewer than {schools}; only a database named "
            "partnership_bench* is emptied by the benchmark. Use an empty one."
        )
    print(f"{name} holds {have_schools} schools and {have_hubs} hubs: rebuilding it.")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def build(args, must_seed: bool) -> float | None:
    """Migrate, and seed when needed; returns the seeding time or None when reused."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if not must_seed:
        print(f"Reusing the benchmark database ({args.schools} schools, {args.hubs} hubs).")
        return None
    print(f"Seeding {args.schools} schools in {args.hubs} hubs...")
    started = time.monotonic()
    call_command("seed_demo", schools=args.schools, hubs=args.hubs, no_progress=True)
    return time.monotonic() - started


def vacuum(url: str) -> float:
    """VACUUM ANALYZE the benchmark database; returns the seconds it took.

    What autovacuum does on any production server, done here because a server may run without
    it: the seed's updates and each run's rolled-back GIAS import leave dead rows that every
    later run would otherwise read through (bench/README.md has what that cost).
    """
    import psycopg

    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    return time.monotonic() - started


SEED_NOTE = re.compile(r"seed_demo took ([0-9]+(?:\.[0-9]+)?) s")


def record_seed_seconds(url: str, seconds: float) -> None:
    """Note the seed's time on the database itself, so a run that reuses it reports that build."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    note = f"seed_demo took {seconds:.1f} s"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(note))
        )


def recorded_seed_seconds(url: str) -> float | None:
    """The seed time noted on the database when it was built; None for one built otherwise."""
    import psycopg

    with psycopg.connect(url) as conn:
        note = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        ).fetchone()[0]
    found = SEED_NOTE.fullmatch(note or "")
    return float(found.group(1)) if found else None


def ensure_demo_devices() -> None:
    """The demo central team signs in with a TOTP code, so it needs its demo device."""
    import datetime
    import random

    from demo import security as demo_security
    from demo.context import DemoContext, DemoScale

    ctx = DemoContext(DemoScale(), random.Random(0), datetime.date.today(), False, "unused")
    demo_security.seed(ctx)


def code_for(email: str) -> str:
    from allauth.mfa.models import Authenticator

    from partnership.signin.second_factor import current_code

    return current_code(Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(args, url: str, port: int, log) -> subprocess.Popen:
    static_root = args.work_dir / "static"
    env = {
        **os.environ,
        "PRODUCTION": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "STATIC_ROOT": str(static_root),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    for command in (["check"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            check=True,
            stdout=log,
            stderr=log,
        )
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "partnership/gunicorn.conf.py"]
        + ["--access-logfile", "/dev/null"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start; see {log.name}.")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s.")


def worker_rss_mb(master_pid: int) -> list[float]:
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sizes


def measure(args, sessions: dict, cast) -> tuple[list[dict], dict, list[dict]]:
    from bench import client
    from bench.pages import ADMIN_ROLE, FLOOR, PAGES, resolve, resolve_admin

    results, skipped = [], []
    floor = (sessions[FLOOR.role], resolve(FLOOR, cast))
    for page in [FLOOR, *PAGES]:
        try:
            url = resolve(page, cast)
            admin_url = resolve_admin(page, cast) if page.admin_changelist else ""
        except LookupError as reason:
            skipped.append({"name": page.name, "reason": str(reason)})
            continue
        session = sessions[page.role]
        turns = [floor, (session, url)]
        if admin_url:
            turns.append((sessions[ADMIN_ROLE], admin_url))
        for _ in range(3):  # warm caches and connections
            for turn_session, turn_url in turns[1:]:
                turn_session.get(turn_url)
        single = client.one_at_a_time(session, url, args.seconds, at_least=5)
        # The floor's throughput again (and admin's), in turns with the page's: this machine's
        # speed drifts within minutes, so a floor measured once at the start skews later ratios.
        (_, floor_rps), (loaded, rps), *admin = client.in_turns(
            turns, args.clients, args.concurrent_seconds
        )
        result = {
            "name": page.name,
            "url": url,
            "role": page.role,
            "p50_ms": round(client.percentile(single.latencies, 0.50) * 1000, 1),
            "p95_ms": round(client.percentile(single.latencies, 0.95) * 1000, 1),
            "p99_ms": round(client.percentile(single.latencies, 0.99) * 1000, 1),
            "rps": round(rps, 1),
            "floor_rps": round(floor_rps, 1),
            "errors": single.errors + loaded.errors,
            "first_error": single.first_error or loaded.first_error,
            "queries": client.median_queries(single),
            "requests": len(single.latencies) + len(loaded.latencies),
        }
        # The share is reported, not targeted, from the figures as shown.
        result["share_of_floor"] = (
            round(result["rps"] / result["floor_rps"], 2) if result["floor_rps"] else 0.0
        )
        if admin:
            admin_sample, admin_rps = admin[0]
            result["admin_url"] = admin_url
            result["admin_rps"] = round(admin_rps, 1)
            result["admin_errors"] = admin_sample.errors
            result["admin_queries"] = client.median_queries(admin_sample)
        results.append(result)
        line = f"  {page.name}: p95 {result['p95_ms']} ms, {result['rps']} req/s"
        if admin:
            line += f" (admin's changelist {result['admin_rps']} req/s)"
        print(line)
    floor_result = results.pop(0)
    return results, floor_result, skipped


def capacity_step(mix, rate: float, seconds: float, seed: int) -> dict:
    """One open-loop run of the mixed traffic; held when no request failed and p95 is in target."""
    from bench import client

    samples = client.open_loop(mix, rate, seconds, seed=seed)
    merged = client.Sample()
    for sample in samples.values():
        merged.merge(sample)
    p95_ms = round(client.percentile(merged.latencies, 0.95) * 1000, 1)
    step = {
        "rate": rate,
        "seconds": seconds,
        "requests": round(rate * seconds),
        "p95_ms": p95_ms,
        "p99_ms": round(client.percentile(merged.latencies, 0.99) * 1000, 1),
        "errors": merged.errors,
        "first_error": merged.first_error,
    }
    step["held"] = not merged.errors and p95_ms <= targets.P95_TARGET_MS
    step["p95_ms_by_page"] = {
        name: round(client.percentile(sample.latencies, 0.95) * 1000, 1)
        for name, sample in samples.items()
    }
    print(
        f"  {rate:g} req/s for {seconds:g} s: p95 {p95_ms} ms, {merged.errors} errors"
        f" -> {'held' if step['held'] else 'not held'}"
    )
    return step


def next_rate(held: float, failed: float | None) -> float:
    """Half as much again above the highest rate held until one fails, then halfway between."""
    if failed is None:
        return round(held * 1.5)
    return round((held + failed) / 2)


def measure_capacity(args, sessions: dict, cast, floor: dict) -> dict:
    """The target rate for its full time, then steps to the highest rate that holds.

    Steps are bounded: at most args.steps of args.step_seconds each, none started after
    args.steps_budget seconds, and they stop once the highest rate held and the lowest that
    failed are within a tenth of each other. Before each step the server must be quiet again:
    the floor page answering about as fast as it did one request at a time.
    """
    from bench import client
    from bench.pages import FLOOR, PAGES, resolve

    floor_session = sessions[FLOOR.role]

    def quiet() -> None:
        within = max(2 * floor["p95_ms"], 20) / 1000
        if not client.wait_until_quiet(floor_session, floor["url"], within, most_seconds=120):
            print("  (the server was still slow after 120 s; going on)")

    mix = []
    for page in PAGES:
        try:
            mix.append(
                client.MixedPage(page.name, page.weight, sessions[page.role], resolve(page, cast))
            )
        except LookupError:
            continue  # reported as skipped by measure()
    print(f"Capacity: open-loop mixed traffic over {len(mix)} pages...")
    quiet()
    target = capacity_step(mix, args.capacity_rate, args.capacity_seconds, seed=0)
    held = args.capacity_rate if target["held"] else 0.0
    failed = None if target["held"] else args.capacity_rate
    steps = []
    started = time.monotonic()
    while len(steps) < args.steps and time.monotonic() - started < args.steps_budget:
        rate = next_rate(held, failed)
        if rate <= held or (failed is not None and (rate >= failed or failed - held <= held / 10)):
            break
        quiet()
        step = capacity_step(mix, rate, args.step_seconds, seed=len(steps) + 1)
        steps.append(step)
        if step["held"]:
            held = rate
        else:
            failed = rate
    return {
        **{key: target[key] for key in ("rate", "seconds", "requests", "p95_ms", "p99_ms")},
        "errors": target["errors"],
        "first_error": target["first_error"],
        "p95_ms_by_page": target["p95_ms_by_page"],
        "highest_rate_held": held,
        "lowest_rate_failed": failed,
        "step_seconds": args.step_seconds,
        "steps": [{k: v for k, v in step.items() if k != "p95_ms_by_page"} for step in steps],
        "weights": {page.name: page.weight for page in mix},
    }


def sign_in_everyone(port: int, cast) -> dict:
    from bench import client
    from demo.context import DEMO_PASSWORD

    return {
        role: client.sign_in("127.0.0.1", port, email, DEMO_PASSWORD, code_for)
        for role, email in cast.users.items()
    }


def time_gias_import(rows: int) -> dict:
    """Imports a generated extract in a transaction that is then rolled back."""
    if not rows:
        return {"skipped": "not asked for"}
    from django.db import transaction

    from bench.gias import write_extract
    from hubs.gias import import_gias

    class RollBack(Exception):
        pass

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gias.csv"
        write_extract(str(path), rows)
        data = path.read_bytes()
    started = time.monotonic()
    try:
        with transaction.atomic():
            result = import_gias(data, dry_run=False, file_name="bench.csv")
            seconds = time.monotonic() - started
            raise RollBack
    except RollBack:
        pass
    return {"rows": rows, "seconds": round(seconds, 1), "ok": bool(result.ok)}


def measure_during_import(args, url: str, sessions: dict, cast, log) -> dict:
    """Page latency, one client, while a worker runs a GIAS import of args.gias_rows rows.

    The import is the real one, in one transaction, on a procrastinate worker beside gunicorn
    (bench.tasks, rolled back at the end so the scale stays as built). Every key page is asked
    for in turn, one request at a time, from the moment the job starts until it ends.
    """
    if not args.gias_rows:
        return {"skipped": "not asked for"}
    from procrastinate.contrib.django.models import ProcrastinateJob

    from bench import client
    from bench.gias import write_extract
    from bench.pages import PAGES, resolve
    from bench.tasks import gias_import_rolled_back
    from partnership.lib.jobs import defer

    path = args.work_dir / "gias-during-pages.csv"
    write_extract(str(path), args.gias_rows)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE}
    env["LOG_LEVEL"] = "WARNING"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "bench"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
    )
    pages = []
    for page in PAGES:
        try:
            pages.append((page.name, sessions[page.role], resolve(page, cast)))
        except LookupError:
            continue
    samples = {name: client.Sample() for name, _, _ in pages}
    try:
        job_id = defer(gias_import_rolled_back, path=str(path))

        def state() -> str:
            return ProcrastinateJob.objects.get(pk=job_id).status

        deadline = time.monotonic() + 60
        while state() == "todo":
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit(f"The worker did not start the import; see {log.name}.")
            time.sleep(0.1)
        started = time.monotonic()
        # At least one round, so that even a short import (a smoke run) is measured.
        while True:
            for name, session, page_url in pages:
                samples[name].add(session.get(page_url))
            final = state()
            if final != "doing":
                break
        seconds = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    everything = client.Sample()
    for sample in samples.values():
        everything.merge(sample)
    return {
        "rows": args.gias_rows,
        "import_status": final,
        "import_seconds": round(seconds, 1),
        "requests": len(everything.latencies),
        "errors": everything.errors,
        "p95_ms": round(client.percentile(everything.latencies, 0.95) * 1000, 1),
        "pages": [
            {
                "name": name,
                "requests": len(sample.latencies),
                "p95_ms": round(client.percentile(sample.latencies, 0.95) * 1000, 1),
            }
            for name, sample in samples.items()
        ],
    }


def scale_counts() -> dict:
    from hubs.models import Hub, School
    from partnership.models import User

    counts = {"schools": School.objects.count(), "hubs": Hub.objects.count()}
    counts["users"] = User.objects.count()
    for label, module, model in [
        ("reviews", "reviews.models", "Review"),
        ("support_requests", "brokering.models", "SupportRequest"),
    ]:
        try:
            counts[label] = getattr(__import__(module, fromlist=[model]), model).objects.count()
        except (ImportError, AttributeError):
            counts[label] = None
    return counts


def print_table(results: dict) -> None:
    head = f"{'page':<34} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>7} {'admin':>6}"
    head += f" {'floor':>6} {'share':>6} {'err':>4} {'SQL':>4}"
    print(head)
    print("-" * len(head))
    for page in [results["floor"], *results["pages"]]:
        print(
            f"{page['name'][:34]:<34} {page['p50_ms']:>7} {page['p95_ms']:>7} "
            f"{page['p99_ms']:>7} {page['rps']:>7} {page.get('admin_rps', '-'):>6} "
            f"{page.get('floor_rps', '-'):>6} {page['share_of_floor']:>6} "
            f"{page['errors']:>4} {page['queries'] if page['queries'] is not None else '-':>4}"
        )
    print(
        "(milliseconds with one client; req/s with",
        results["scale"]["clients"],
        "concurrent clients; admin: its changelist of the same model at the same page size;",
        "floor: its req/s in turns with the page; share: req/s / floor)",
    )
    for skipped in results["skipped"]:
        print(f"skipped {skipped['name']}: {skipped['reason']}")
    capacity = results["capacity"]
    print(
        f"capacity: {capacity['rate']:g} req/s of mixed traffic for {capacity['seconds']:g} s, "
        f"p95 {capacity['p95_ms']} ms, {capacity['errors']} errors; highest rate held "
        f"{capacity['highest_rate_held']:g} req/s (steps of {capacity['step_seconds']:g} s: "
        + ", ".join(
            f"{step['rate']:g} {'held' if step['held'] else 'not held'}"
            for step in capacity["steps"]
        )
        + ")"
    )
    during = results.get("during_import", {})
    if "p95_ms" in during:
        print(
            f"during a {during['rows']}-row GIAS import on the worker "
            f"({during['import_seconds']} s, {during['import_status']}): "
            f"{during['requests']} page requests, p95 "
            f"{during['p95_ms']} ms, {during['errors']} errors; slowest page p95 "
            f"{max(page['p95_ms'] for page in during['pages'])} ms"
        )
    scale = results["scale"]
    print(
        f"scale: {scale['schools']} schools, {scale['hubs']} hubs, {scale['users']} users, "
        f"{scale['reviews']} reviews, {scale['support_requests']} requests; "
        f"seed_demo {scale['seed_seconds']} s; GIAS import {scale['gias_import']}; "
        f"worker RSS {scale['worker_rss_mb']} MB"
    )
    if results["missed"]:
        print("TARGETS MISSED:")
        for line in results["missed"]:
            print(f"  - {line}")
    else:
        print("Every target met.")


def main(argv=None) -> int:
    args = parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    url = database_url(args)
    must_seed = prepare_database(url, args.schools, args.hubs, args.rebuild)
    setup_django(url)
    seed_seconds = build(args, must_seed)
    if seed_seconds is None:
        seed_seconds = recorded_seed_seconds(url)
    else:
        record_seed_seconds(url, seed_seconds)
    print(f"Vacuumed and analysed the database in {vacuum(url):.1f} s.")
    ensure_demo_devices()

    from bench.pages import find_cast

    cast = find_cast()
    port = free_port()
    log_path = args.work_dir / "gunicorn.log"
    started = time.monotonic()
    with open(log_path, "w") as log:
        server = serve(args, url, port, log)
        try:
            print(f"Serving on 127.0.0.1:{port} with {args.workers} workers; measuring...")
            sessions = sign_in_everyone(port, cast)
            pages, floor, skipped = measure(args, sessions, cast)
            capacity = measure_capacity(args, sessions, cast, floor)
            during_import = measure_during_import(args, url, sessions, cast, log)
            rss = worker_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    measured_seconds = time.monotonic() - started

    results = {
        "pages": pages,
        "floor": floor,
        "skipped": skipped,
        "capacity": capacity,
        "during_import": during_import,
        "scale": {
            **scale_counts(),
            "seed_seconds": round(seed_seconds, 1) if seed_seconds else seed_seconds,
            "gias_import": time_gias_import(args.gias_rows),
            "worker_rss_mb": round(max(rss), 1) if rss else None,
            "workers": args.workers,
            "clients": args.clients,
            "measured_seconds": round(measured_seconds),
        },
    }
    results["missed"] = targets.missed(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)
    print(f"Results in {args.output}")
    if args.smoke:
        # A smoke run checks that the benchmark works, not the speed of a tiny database.
        errors = sum(page["errors"] for page in [floor, *pages]) + capacity["errors"]
        return 1 if errors else 0
    return 1 if results["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
