from django.urls import path

from partnership.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_notice, name="notice"),
    path("people/", views.person_search, name="people"),
    path("people/<int:pk>/export/", views.person_export, name="export"),
]
