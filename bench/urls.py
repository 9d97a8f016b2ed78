"""The app's URLs plus the benchmark's floor page and admin changelists (bench.settings only)."""

from django.urls import path

from bench.admin import site as admin_at_page_size
from bench.views import floor
from partnership.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/admin/", admin_at_page_size.urls),
    *app_urlpatterns,
]
