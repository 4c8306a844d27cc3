from django.urls import path

from carershub.support.views import contacts, groups, home, training, voice

app_name = "support"

urlpatterns = [
    path("", home.home, name="home"),
    path("people/<int:person_id>/contacts/", contacts.contacts, name="contacts"),
    path("people/<int:person_id>/contacts/new/", contacts.log, name="log_contact"),
    path("people/<int:person_id>/series/new/", contacts.new_series, name="new_series"),
    path("series/<int:series_id>/", contacts.series, name="series"),
    path("follow-ups/", contacts.follow_ups, name="follow_ups"),
    path("contacts/<int:contact_id>/followed-up/", contacts.followed_up, name="followed_up"),
]

urlpatterns += [
    path("groups/", groups.groups, name="groups"),
    path("groups/new/", groups.new_group, name="new_group"),
    path("groups/<int:group_id>/", groups.group, name="group"),
    path("sessions/<int:session_id>/", groups.session, name="session"),
    path("sessions/<int:session_id>/book/<int:person_id>/", groups.book, name="book"),
    path("sessions/<int:session_id>/bookings/<int:booking_id>/cancel/", groups.unbook, name="unbook"),
    path("sessions/<int:session_id>/cancel/", groups.cancel, name="cancel_session"),
    path("sessions/<int:session_id>/register/", groups.register, name="register"),
]

urlpatterns += [
    path("training/", training.courses, name="courses"),
    path("training/<int:course_id>/", training.course, name="course"),
    path("training/sessions/<int:session_id>/", training.training_session, name="training_session"),
    path(
        "training/sessions/<int:session_id>/professionals/",
        training.professionals_trained,
        name="professionals_trained",
    ),
    path("training/sessions/<int:session_id>/carers/<int:person_id>/", training.carer_trained, name="carer_trained"),
    path("training/sessions/<int:session_id>/feedback/", training.training_feedback, name="training_feedback"),
]

urlpatterns += [
    path("voice/", voice.voice, name="voice"),
    path("voice/paper/", voice.paper_feedback, name="paper_feedback"),
    path("voice/you-said-we-did/", voice.you_said_we_did, name="you_said_we_did"),
    path("voice/co-production/", voice.co_production, name="co_production"),
    path("people/<int:person_id>/feedback/", voice.ask, name="ask_for_feedback"),
]
