from django.urls import path

from publicdata import views

app_name = "publicdata"

urlpatterns = [
    path("imports/links/", views.links_import, name="import_links"),
    path("imports/ofsted/", views.ofsted_import, name="import_ofsted"),
    path("imports/results/", views.results_import, name="import_results"),
]
