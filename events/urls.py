"""URLs for events: a hub's year of events, every event and its bookings, the calendar feed."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("hubs/<slug:slug>/events/", views.hub_events, name="hub_events"),
    path("hubs/<slug:slug>/events/new/", views.hub_event_edit, name="hub_event_create"),
    path("hubs/<slug:slug>/events/<int:pk>/", views.hub_event_edit, name="hub_event_edit"),
    path("hubs/<slug:slug>/events.ics", views.hub_events_ics, name="hub_events_ics"),
    path("events/", views.event_list, name="list"),
    path("events/new/", views.event_create, name="create"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="edit"),
    path("events/<int:pk>/book/", views.event_book, name="book"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="attendance"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new-address/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
