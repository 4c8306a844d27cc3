"""Carers' own pages, without an account: the one-use feedback link and the published "you said, we did"."""

from django.urls import path

from carershub.support.views import voice

app_name = "support_public"

urlpatterns = [
    path("you-said-we-did/<slug:slug>/", voice.public_you_said_we_did, name="you_said_we_did"),
    path("<str:token>/", voice.feedback, name="feedback"),
]
