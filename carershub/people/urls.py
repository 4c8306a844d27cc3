from django.urls import path

from carershub.people import views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/details/", views.edit_details, name="edit_details"),
    path("<int:person_id>/cares-for/<int:relationship_id>/", views.edit_cared_for, name="edit_cared_for"),
    path("<int:person_id>/cares-for/add/", views.add_cared_for, name="add_cared_for"),
    path("<int:person_id>/cares-for/<int:relationship_id>/end/", views.end_caring, name="end_caring"),
    path("<int:person_id>/merges/", views.merges, name="merges"),
    path("<int:person_id>/merges/<int:duplicate_id>/undo/", views.undo_merge, name="undo_merge"),
]
