from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("my-school/", views.my_school, name="my_school"),
    path("enrolments/", views.network_enrolments, name="network_enrolments"),
    path(
        "enrolments/export.csv", views.network_enrolments_export, name="network_enrolments_export"
    ),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/status/", views.enrolment_transition, name="enrolment_transition"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("enrolments/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path("hubs/<slug:slug>/enrolments/", views.hub_enrolments, name="hub_enrolments"),
    path(
        "hubs/<slug:slug>/enrolments/export.csv",
        views.hub_enrolments_export,
        name="hub_enrolments_export",
    ),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/apply/", views.cohort_apply, name="cohort_apply"),
    path("cohorts/<int:pk>/export.csv", views.cohort_export, name="cohort_export"),
    path("cohorts/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
    path("<slug:slug>/cohorts/new/", views.cohort_create, name="cohort_create"),
]
