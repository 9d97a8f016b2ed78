"""`make backup` dumps the database and `make restore` brings the same records back elsewhere."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from tests.factories.hubs import HubFactory, SchoolFactory, TrustFactory

BASE_DIR = Path(settings.BASE_DIR)


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def make(target: str, url: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    # -o: never reinstall the virtualenv from inside a test, whatever the file dates say.
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed-stamp", target, *args],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_records(tmp_path, fresh_database):
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), (
            f"{tool} is not installed; backups need PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    hub = HubFactory(name="Restored Hub")
    trust = TrustFactory(name="Restored Trust")
    schools = [SchoolFactory(hub=hub, trust=trust) for _ in range(3)]
    source = database_url(connection.settings_dict["NAME"])

    backup = make("backup", source, tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stdout + backup.stderr
    dump = BASE_DIR / backup.stdout.strip().splitlines()[-1].removeprefix("Backed up to ")
    try:
        assert dump.stat().st_size > 0
        refused = subprocess.run(
            ["make", "-o", ".venv/.installed-stamp", "restore", f"FILE={dump}"],
            cwd=BASE_DIR,
            env={**os.environ, "DATABASE_URL": database_url(fresh_database)},
            input="no\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert refused.returncode != 0 and "WARNING" in refused.stdout
        assert "Restore cancelled" in refused.stdout

        restore = make(
            "restore",
            database_url(fresh_database),
            f"FILE={dump}",
            "CONFIRM=yes",
            tmp_path=tmp_path,
        )
        assert restore.returncode == 0, restore.stdout + restore.stderr
    finally:
        dump.unlink(missing_ok=True)

    with psycopg.connect(database_url(fresh_database)) as conn:
        restored = conn.execute(
            "SELECT s.urn, h.name, t.name FROM hubs_school s"
            " JOIN hubs_hub h ON h.id = s.hub_id JOIN hubs_trust t ON t.id = s.trust_id"
            " ORDER BY s.urn"
        ).fetchall()
        history = conn.execute("SELECT count(*) FROM hubs_historicalschool").fetchone()[0]
        migrations = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert restored == [(s.urn, "Restored Hub", "Restored Trust") for s in schools]
    assert history == 3
    assert migrations > 0
