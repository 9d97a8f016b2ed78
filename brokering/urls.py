from django.urls import path

from brokering import directory_views, views

app_name = "brokering"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/export.csv", views.queue_export, name="queue_export"),
    path("queue/assign/", views.queue_assign, name="queue_assign"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/from-ebi/<int:pk>/", views.request_from_ebi, name="request_from_ebi"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/transition/", views.request_transition, name="request_transition"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/propose/", views.request_propose, name="request_propose"),
    path("requests/<int:pk>/feedback/", views.feedback_give, name="feedback_give"),
    path("engagements/<int:pk>/respond/", views.engagement_respond, name="engagement_respond"),
    path("engagements/<int:pk>/", views.engagement_update, name="engagement_update"),
    path("directory/", directory_views.directory, name="directory"),
    path("directory/compare/", directory_views.compare, name="compare"),
    path("directory/<str:urn>/", directory_views.directory_school, name="directory_school"),
]
