from django.urls import path

from carershub.caseloads import views

app_name = "caseloads"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("team/", views.team, name="team"),
    path("allocate/<int:person_id>/", views.allocate, name="allocate"),
]
