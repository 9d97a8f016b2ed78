from django.urls import path, re_path

from hubs import views
from hubs.operations.urls import urlpatterns as operations_urlpatterns

app_name = "hubs"

# URNs are six digits, so other pages under schools/ (e.g. an import) never look like a school.
urlpatterns = [
    path("hubs/", views.hub_list, name="list"),
    path("hubs/<slug:slug>/", views.hub_detail, name="detail"),
    path("schools/", views.school_list, name="school_list"),
    re_path(r"^schools/(?P<urn>[0-9]{6})/$", views.school_detail, name="school_detail"),
    re_path(r"^schools/(?P<urn>[0-9]{6})/edit/$", views.school_edit, name="school_edit"),
] + operations_urlpatterns
