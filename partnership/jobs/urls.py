from django.urls import path

from partnership.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_page, name="detail"),
    path("<int:pk>/retry/", views.job_retry_view, name="retry"),
]
