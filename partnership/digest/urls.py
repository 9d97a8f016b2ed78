from django.urls import path

from partnership.digest import views

app_name = "digest"

urlpatterns = [
    path("", views.preview, name="preview"),
    path("settings/", views.settings, name="settings"),
]
