from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from partnership import views
from partnership.jobs.health import healthz

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("partnership.signin.urls")),
    # Every sign-in goes through allauth's, which asks for the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("reports/", include("partnership.reports.urls")),
    path("history/", include("partnership.history.urls")),
    path("privacy/", include("partnership.privacy.urls")),
    path("jobs/", include("partnership.jobs.urls")),
    path("", include("hubs.urls")),
    path("", include("publicdata.urls")),
    path("", include("finance.urls")),
    path("", include("survey.urls")),
    path("reviews/", include("reviews.urls")),
    path("brokering/", include("brokering.urls")),
    path("programmes/", include("programmes.urls")),
    path("", include("events.urls")),
    path("weekly-email/", include("partnership.digest.urls")),
    path("admin/", admin.site.urls),
]
