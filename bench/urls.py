"""The app's URLs plus the benchmark's floor page (only with settings.BENCH on)."""

from django.urls import path

from bench.views import floor
from partnership.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
