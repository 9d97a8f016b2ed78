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


# What procrastinate attaches to its lines that carries a job's arguments.
HIDDEN = ("task_kwargs", "call_string")


class JobArgumentsHidden(logging.Filter):
    """Keeps a job's arguments out of the logs: an email's addresses and text, an import's rows.

    procrastinate names each job with its arguments in its own lines ("Starting job
    send_email[12](subject=…, body=…)") and in the `job` it attaches to them. The lines keep the
    task's name and id, and the id of the request that queued it; the arguments stay with the
    job in the database, which the jobs page reads.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        job = getattr(record, "job", None)
        if isinstance(job, dict) and "task_kwargs" in job:
            record.request_id = getattr(record, "request_id", "") or _queued_by(record)
            short = f"{job.get('task_name')}[{job.get('id')}]"
            if job.get("call_string") and isinstance(record.msg, str):
                record.msg = record.msg.replace(job["call_string"], short)
            record.job = {key: value for key, value in job.items() if key not in HIDDEN}
        jobs = getattr(record, "jobs", None)
        if isinstance(jobs, list):
            record.jobs = [
                {key: value for key, value in item.items() if key not in HIDDEN}
                if isinstance(item, dict)
                else item
                for item in jobs
            ]
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
