from django.urls import path

from partnership.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.network, name="network"),
    path("hubs/", views.my_hubs, name="my_hubs"),
    path("hubs/<slug:slug>/", views.hub, name="hub"),
]
