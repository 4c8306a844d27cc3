from django.urls import path

from carershub.people import views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/merges/", views.merges, name="merges"),
    path("<int:person_id>/merges/<int:duplicate_id>/undo/", views.undo_merge, name="undo_merge"),
]
