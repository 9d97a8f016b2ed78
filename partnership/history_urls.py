from django.urls import path

from partnership import history_views as views

app_name = "history"

urlpatterns = [
    path("", views.change_list, name="list"),
]
