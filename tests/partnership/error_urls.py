"""The app's URLs and one that fails, to see the 500 page through the whole stack."""

from django.urls import path

from partnership.urls import urlpatterns as app_urlpatterns


def fail(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [path("test-failure/", fail), *app_urlpatterns]
