"""URLs for the network's finances (the central team's pages)."""

from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("finances/", views.overview, name="overview"),
    path("finances/<str:table>.csv", views.table_csv, name="table_csv"),
    path("finances/income/new/", views.income_create, name="income_create"),
    path("finances/budget/new/", views.budget_set, name="budget_set"),
    path("finances/forecast/new/", views.forecast_set, name="forecast_set"),
]
