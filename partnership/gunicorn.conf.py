"""gunicorn configuration for production: `gunicorn -c partnership/gunicorn.conf.py`."""

import os

wsgi_app = "partnership.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# On 2 cores, 3 sync workers gave the best throughput; more only add memory and connections.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
accesslog = "-"
errorlog = "-"
max_requests = 2000
max_requests_jitter = 200
