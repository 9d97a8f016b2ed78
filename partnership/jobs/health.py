"""/healthz: is this server able to serve? For load balancers and monitoring; no login.

It answers only up or down for the database, the cache and the queue, and the age in seconds of
the oldest job waiting to run: nothing about the data. 503 when the database or cache is down.
"""

import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from partnership.jobs.queries import oldest_queued_age


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _cache() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, 10)
        ok = cache.get(key) == 1
        cache.delete(key)
        return ok
    except Exception:
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    database = _database()
    backlog = None
    if database:
        try:
            age = oldest_queued_age()
            backlog = round(age.total_seconds()) if age is not None else 0
        except Exception:
            database = False
    cached = _cache()
    up = database and cached
    body = {
        "status": "up" if up else "down",
        "database": "up" if database else "down",
        "cache": "up" if cached else "down",
        "queue_oldest_seconds": backlog,
        "checked_in_ms": round((time.perf_counter() - started) * 1000),
    }
    return JsonResponse(body, status=200 if up else 503)
