from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnership import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/two-factor/", include("partnership.two_factor.urls")),
    path("reports/", include("partnership.reports.urls")),
    path("history/", include("partnership.history.urls")),
    path("privacy/", include("partnership.privacy.urls")),
    path("", include("hubs.urls")),
    path("", include("publicdata.urls")),
    path("", include("finance.urls")),
    path("", include("survey.urls")),
    path("reviews/", include("reviews.urls")),
    path("brokering/", include("brokering.urls")),
    path("admin/", admin.site.urls),
]
