"""The request id, and one JSON log line per request.

Every request gets an id (answered in the `X-Request-ID` header). It is on every log line the
request writes, and jobs the request queues carry it (partnership.lib.jobs.defer), so their log
lines carry it too.
"""

import contextvars
import logging
import time
import uuid

from django.db import connection
from django.utils.functional import empty

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

logger = logging.getLogger("partnership.request")


def current_request_id() -> str:
    return REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record (empty outside a request or job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = REQUEST_ID.get() or _queued_by(record)
        return True


def _queued_by(record: logging.LogRecord) -> str:
    # The worker's own lines about a job (started, ended, retried) name the job and its
    # arguments, among them the id of the request that queued it.
    job = getattr(record, "job", None)
    if isinstance(job, dict):
        return (job.get("task_kwargs") or {}).get("request_id", "") or ""
    return ""


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _user_id(request) -> int | None:
    # Only a user the request already loaded: asking now would cost a query of its own.
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Logs each request once, as it ends: id, user, path, status, duration and query count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        counter = QueryCounter()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "request",
                extra={
                    "request_id": request_id,
                    "user_id": _user_id(request),
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "queries": counter.count,
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)
