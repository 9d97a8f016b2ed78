from django.urls import path

from partnership.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.index, name="index"),
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("disable/", views.disable, name="disable"),
]
