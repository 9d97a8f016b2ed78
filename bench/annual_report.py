"""Times the annual report: counted cold, read from the cache, and its PDF.

DB_NAME=<database> bin/with-db .venv/bin/python manage.py shell -c "import bench.annual_report"
"""

import time

from django.core.cache import cache

from hubs.models import Hub, School
from hubs.years import current_academic_year
from partnership.reports.annual import annual_report, compute
from partnership.reports.annual_pdf import pdf_bytes


def seconds_since(start: float) -> float:
    return round(time.perf_counter() - start, 3)


year = current_academic_year() - 1
print("schools", School.objects.count(), "hubs", Hub.objects.count(), "year", year)
cache.clear()
start = time.perf_counter()
compute(year, None)
print("network, counted cold:", seconds_since(start), "s")
hub = Hub.objects.order_by("pk").first()
start = time.perf_counter()
compute(year, hub)
print("one hub, counted cold:", seconds_since(start), "s")
annual_report(year, None)
start = time.perf_counter()
annual_report(year, None)
print("network, from the cache:", seconds_since(start), "s")
start = time.perf_counter()
pdf = pdf_bytes(None, year)
print("network PDF:", seconds_since(start), "s,", len(pdf), "bytes")
