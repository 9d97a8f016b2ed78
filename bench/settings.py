"""The production settings plus what only the benchmark serves (DJANGO_SETTINGS_MODULE).

The floor page and admin's changelists at the app's page size (bench.urls), and a header with
each request's SQL query count (bench.middleware).
"""

from partnership.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountHeaderMiddleware", *MIDDLEWARE]  # noqa: F405
# The worker of the "pages during an import" scenario runs the benchmark's own job.
PROCRASTINATE_IMPORT_PATHS = [*PROCRASTINATE_IMPORT_PATHS, "bench.tasks"]  # noqa: F405
