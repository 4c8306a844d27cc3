from django.urls import path

from carershub.support.views import contacts

app_name = "support"

urlpatterns = [
    path("people/<int:person_id>/contacts/", contacts.contacts, name="contacts"),
    path("people/<int:person_id>/contacts/new/", contacts.log, name="log_contact"),
    path("people/<int:person_id>/series/new/", contacts.new_series, name="new_series"),
    path("series/<int:series_id>/", contacts.series, name="series"),
    path("follow-ups/", contacts.follow_ups, name="follow_ups"),
    path("contacts/<int:contact_id>/followed-up/", contacts.followed_up, name="followed_up"),
]
