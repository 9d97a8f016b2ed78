from django.urls import path

from partnership.history import views

app_name = "history"

urlpatterns = [
    path("", views.change_list, name="list"),
]
