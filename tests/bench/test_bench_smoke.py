"""The benchmark runs end to end at a tiny scale: no errors and every result field present."""

import json
import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

PAGE_FIELDS = {"name", "url", "p50_ms", "p95_ms", "p99_ms", "rps", "errors", "queries"}


def server_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def bench_database(db):
    name = f"{connection.settings_dict['NAME']}_bench"
    admin = server_url("postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(drop)
    yield server_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(drop)


def test_the_benchmark_runs_with_no_errors_and_writes_every_field(bench_database, tmp_path):
    output = tmp_path / "results.json"
    command = [sys.executable, "-m", "bench.run", "--smoke", "--schools", "60", "--hubs", "3"]
    command += ["--database-url", bench_database, "--output", str(output)]
    command += ["--work-dir", str(tmp_path)]

    run = subprocess.run(
        command,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": bench_database},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(output.read_text())
    assert results["pages"], "no page was benchmarked"
    for page in [results["floor"], *results["pages"]]:
        assert page.keys() >= PAGE_FIELDS, page
        assert page["errors"] == 0, page
        assert page["queries"] is not None and page["queries"] >= 1, page
        assert page["p50_ms"] > 0 and page["rps"] > 0, page
        # Each page is compared with the floor measured in turns with it.
        assert page["floor_rps"] > 0, page
        assert page["share_of_floor"] == round(page["rps"] / page["floor_rps"], 2), page
    assert {"dashboard (central team)", "dashboard (school contact)"} <= {
        page["name"] for page in results["pages"]
    }
    scale = results["scale"]
    assert (scale["schools"], scale["hubs"]) == (60, 3)
    assert scale["seed_seconds"] is not None
    assert scale["worker_rss_mb"] > 0
    assert "Every target met." in run.stdout or "TARGETS MISSED:" in run.stdout


def test_a_reused_database_reports_the_seed_time_of_its_own_build(db):
    from bench.run import record_seed_seconds, recorded_seed_seconds

    url = server_url(connection.settings_dict["NAME"])
    record_seed_seconds(url, 108.46)
    assert recorded_seed_seconds(url) == 108.5
    with psycopg.connect(url, autocommit=True) as conn:
        name = sql.Identifier(connection.settings_dict["NAME"])
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS 'built by hand'").format(name))
    assert recorded_seed_seconds(url) is None
