from django.urls import path

from survey import views

app_name = "survey"

urlpatterns = [
    path("survey/", views.mine, name="mine"),
    path("survey/results/", views.results, name="results"),
    path("survey/<str:urn>/", views.answer, name="answer"),
]
