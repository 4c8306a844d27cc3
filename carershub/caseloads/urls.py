from django.urls import path

from carershub.caseloads import views

app_name = "caseloads"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("team/", views.team, name="team"),
    path("allocate/<int:person_id>/", views.allocate, name="allocate"),
    path("close/<int:person_id>/", views.close, name="close"),
    path("closed/", views.closed, name="closed"),
    path("closed/<int:closure_id>/reopen/", views.reopen, name="reopen"),
    path("tasks/<int:task_id>/done/", views.complete, name="complete_task"),
]
