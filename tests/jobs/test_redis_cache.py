"""`CACHE_URL=rediscache://…` (the README's cache for more than one server) is shared between
processes: what one process caches, another reads, and a deletion in one holds in the other."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Database 15 of the machine's Redis, kept apart from anything an operator uses by default.
REDIS_CACHE = "rediscache://127.0.0.1:6379/15"


def in_another_process(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, "CACHE_URL": REDIS_CACHE},
        capture_output=True,
        text=True,
        check=True,
    )
    # The last line is the code's own output; the shell may log and greet before it.
    return result.stdout.strip().splitlines()[-1]


def test_two_processes_share_the_redis_cache():
    key = f"shared-{uuid.uuid4().hex}"
    reader = f"from django.core.cache import cache; print(cache.get({key!r}, 'missing'))"

    assert in_another_process(reader) == "missing"
    in_another_process(f"from django.core.cache import cache; cache.set({key!r}, 'figures', 60)")
    assert in_another_process(reader) == "figures"
    in_another_process(f"from django.core.cache import cache; cache.delete({key!r})")
    assert in_another_process(reader) == "missing"
