from django.urls import path

from partnership.reports import annual_views, views

app_name = "reports"

urlpatterns = [
    path("", views.network, name="network"),
    path("hubs/", views.my_hubs, name="my_hubs"),
    path("hubs/<slug:slug>/", views.hub, name="hub"),
    path("annual/", annual_views.annual, name="annual"),
    path("annual/report.pdf", annual_views.annual_pdf, name="annual_pdf"),
    path("annual/report.pdf/build", annual_views.annual_pdf_build, name="annual_pdf_build"),
    path("hubs/<slug:slug>/annual/", annual_views.annual, name="hub_annual"),
    path("hubs/<slug:slug>/annual/report.pdf", annual_views.annual_pdf, name="hub_annual_pdf"),
    path(
        "hubs/<slug:slug>/annual/report.pdf/build",
        annual_views.annual_pdf_build,
        name="hub_annual_pdf_build",
    ),
]
