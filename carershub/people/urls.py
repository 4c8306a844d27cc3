from django.urls import path

from carershub.people import views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:person_id>/", views.detail, name="detail"),
]
