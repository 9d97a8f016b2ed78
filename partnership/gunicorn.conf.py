"""gunicorn configuration for production: `gunicorn -c partnership/gunicorn.conf.py`."""

import gc
import os

wsgi_app = "partnership.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# On 2 cores, 3 workers gave the best throughput; more only add memory and connections.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threaded workers: the same request costs more CPU time in a sync worker than in a gthread
# worker or a plain WSGI server (bench/README.md has the measurement).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
accesslog = "-"
errorlog = "-"
max_requests = 2000
max_requests_jitter = 200


def post_worker_init(worker):
    # The loaded app (modules, settings, models) lives as long as the worker: frozen, the
    # garbage collector stops walking it on every full collection.
    gc.freeze()
