"""The national-scale benchmark: `make bench`, or `python -m bench.run --help`.

1. Builds a separate database once with `seed_demo --schools 25000 --hubs 1000` (kept between
   runs; rebuilt only when it holds less than the asked scale).
2. Serves the app with gunicorn on 127.0.0.1 under production settings (BENCH=true adds a floor
   page and a header with each request's SQL query count).
3. Signs in the demo central team (password, then a TOTP code), hub manager, senior partner and
   school contact, and drives each key page: latency one request at a time (p50/p95/p99), then
   requests per second with concurrent clients, errors and SQL queries per request.
4. Times the GIAS import of a generated extract (rolled back, so the scale stays as built).
5. Writes bench/results.json and prints a table with each target met or missed.
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

BASE_DIR = Path(__file__).resolve().parent.parent
P95_TARGET_MS = 150
THROUGHPUT_SHARE_TARGET = 0.25
WORKER_RSS_TARGET_MB = 300


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
    os.environ["BENCH"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
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
    it (this one does): the seed's updates and each run's rolled-back GIAS import leave dead
    rows that every later run would otherwise read through (150,000 in hubs_school after three
    runs, and the school profile's similar-schools query took 14 ms rather than 5).
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
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partnership.two_factor.devices import current_code

    return current_code(TOTPDevice.objects.get(user__email=email, confirmed=True))


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
        "BENCH": "true",
        "STATIC_ROOT": str(static_root),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v0"],
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


def measure(args, port: int, cast) -> tuple[list[dict], dict, list[dict]]:
    from bench import client
    from bench.pages import FLOOR, PAGES, resolve
    from demo.context import DEMO_PASSWORD

    sessions = {}
    for role, email in cast.users.items():
        sessions[role] = client.sign_in("127.0.0.1", port, email, DEMO_PASSWORD, code_for)

    results, skipped = [], []
    floor_url = resolve(FLOOR, cast)
    for page in [FLOOR, *PAGES]:
        try:
            url = resolve(page, cast)
        except LookupError as reason:
            skipped.append({"name": page.name, "reason": str(reason)})
            continue
        session = sessions[page.role]
        for _ in range(3):  # warm caches and connections
            session.get(url)
        single = client.one_at_a_time(session, url, args.seconds, at_least=5)
        # The floor's throughput again, in turns with the page's: this machine's speed drifts
        # by a third within minutes, so a floor measured once at the start skews later ratios.
        loaded, rps, floor_rps = client.alternating(
            (sessions[FLOOR.role], floor_url), (session, url), args.clients, args.concurrent_seconds
        )
        results.append(
            {
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
        )
        print(f"  {page.name}: p95 {results[-1]['p95_ms']} ms, {results[-1]['rps']} req/s")
    floor = results.pop(0)
    return results, floor, skipped


def time_gias_import(rows: int) -> dict:
    """Imports a generated extract in a transaction that is then rolled back."""
    if not rows:
        return {"skipped": "not asked for"}
    try:
        from hubs.gias import import_gias
        from hubs.gias_bench import write_extract
    except ImportError as error:
        return {"skipped": f"GIAS import not available yet ({error})"}
    from django.db import transaction

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


def verdicts(pages: list[dict], floor: dict, rss: list[float]) -> list[str]:
    missed = []
    for page in [floor, *pages]:
        # Against the floor measured in turns with the page (see measure).
        base = page.get("floor_rps") or floor["rps"]
        share = page["rps"] / base if base else 0
        page["share_of_floor"] = round(share, 2)
        if page["errors"]:
            missed.append(f"{page['name']}: {page['errors']} errors ({page['first_error']})")
        if page["p95_ms"] > P95_TARGET_MS:
            missed.append(f"{page['name']}: p95 {page['p95_ms']} ms > {P95_TARGET_MS} ms")
        if share < THROUGHPUT_SHARE_TARGET:
            missed.append(f"{page['name']}: {share:.2f} of the floor's throughput < 0.25")
    if rss and max(rss) >= WORKER_RSS_TARGET_MB:
        missed.append(f"a gunicorn worker holds {max(rss):.0f} MB >= {WORKER_RSS_TARGET_MB} MB")
    return missed


def print_table(results: dict) -> None:
    head = f"{'page':<34} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>7} {'floor':>6} {'share':>6}"
    head += f" {'err':>4} {'SQL':>4}"
    print(head)
    print("-" * len(head))
    for page in [results["floor"], *results["pages"]]:
        print(
            f"{page['name'][:34]:<34} {page['p50_ms']:>7} {page['p95_ms']:>7} "
            f"{page['p99_ms']:>7} {page['rps']:>7} {page.get('floor_rps', '-'):>6} "
            f"{page['share_of_floor']:>6} "
            f"{page['errors']:>4} {page['queries'] if page['queries'] is not None else '-':>4}"
        )
    print(
        "(milliseconds; req/s with",
        results["scale"]["clients"],
        "concurrent clients; floor: its req/s in turns with the page; share: req/s / floor)",
    )
    for skipped in results["skipped"]:
        print(f"skipped {skipped['name']}: {skipped['reason']}")
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
    with open(log_path, "w") as log:
        server = serve(args, url, port, log)
        try:
            print(f"Serving on 127.0.0.1:{port} with {args.workers} workers; measuring...")
            pages, floor, skipped = measure(args, port, cast)
            rss = worker_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)

    results = {
        "pages": pages,
        "floor": floor,
        "skipped": skipped,
        "scale": {
            **scale_counts(),
            "seed_seconds": round(seed_seconds, 1) if seed_seconds else seed_seconds,
            "gias_import": time_gias_import(args.gias_rows),
            "worker_rss_mb": round(max(rss), 1) if rss else None,
            "workers": args.workers,
            "clients": args.clients,
        },
    }
    results["missed"] = verdicts(pages, floor, rss)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)
    print(f"Results in {args.output}")
    errors = sum(page["errors"] for page in [floor, *pages])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
