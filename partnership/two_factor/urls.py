from django.urls import path

from partnership.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.index, name="index"),
    path("setup/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("recovery/", views.recovery, name="recovery"),
    path("recovery-codes/", views.codes, name="codes"),
    path("recovery-codes/new/", views.new_codes, name="new_codes"),
    path("disable/", views.disable, name="disable"),
]
