from django.urls import path

from carershub.directory.views import editing, signposting

app_name = "directory"

urlpatterns = [
    path("entries/", editing.entries, name="entries"),
    path("entries/new/", editing.add, name="add"),
    path("entries/<uuid:service_id>/", editing.edit, name="edit"),
    path("entries/<uuid:service_id>/checked/", editing.assure, name="assure"),
    path("entries/<uuid:service_id>/withdraw/", editing.withdraw, name="withdraw"),
    path("changes/<int:change_id>/", editing.decide, name="decide"),
    path("signpost/<int:person_id>/", signposting.search, name="signpost_search"),
    path("signpost/<int:person_id>/<uuid:service_id>/", signposting.confirm, name="signpost_confirm"),
]
