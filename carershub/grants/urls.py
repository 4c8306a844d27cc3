from django.urls import path

from carershub.grants.views import staff

app_name = "grants"

urlpatterns = [
    path("", staff.rounds, name="rounds"),
    path("rounds/<int:round_id>/", staff.funding_round, name="round"),
    path("applications/<int:application_id>/", staff.application, name="application"),
    path("applications/<int:application_id>/eligibility/", staff.check_eligibility, name="check_eligibility"),
    path("applications/<int:application_id>/declaration/", staff.declare, name="declare"),
    path("applications/<int:application_id>/scores/", staff.score, name="score"),
    path("applications/<int:application_id>/decision/", staff.decide, name="decide"),
    path("applications/<int:application_id>/payments/", staff.pay, name="pay"),
    path("applications/<int:application_id>/return/", staff.end_of_grant, name="end_of_grant"),
    path("applications/<int:application_id>/letter/", staff.letter, name="letter"),
]
