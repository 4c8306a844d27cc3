from django.urls import path

from carershub.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<slug:reference>/", views.detail, name="detail"),
    path("<slug:reference>/accept/", views.accept, name="accept"),
    path("<slug:reference>/reject/", views.reject, name="reject"),
    path("<slug:reference>/transfer/", views.transfer, name="transfer"),
    path("<slug:reference>/consent/", views.record_consent, name="record_consent"),
    path("<slug:reference>/open-without-consent/", views.open_without_consent, name="open_without_consent"),
    path("<slug:reference>/duplicates/<int:person_id>/", views.confirm_merge, name="confirm_merge"),
    path("<slug:reference>/duplicates/<int:person_id>/merge/", views.merge, name="merge"),
]
