from django.urls import path

from carershub.referrals.views import consent, decisions, detail, inbox, merge

app_name = "referrals"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("<slug:reference>/", detail.detail, name="detail"),
    path("<slug:reference>/accept/", decisions.accept, name="accept"),
    path("<slug:reference>/reject/", decisions.reject, name="reject"),
    path("<slug:reference>/transfer/", decisions.transfer, name="transfer"),
    path("<slug:reference>/consent/", consent.record_consent, name="record_consent"),
    path("<slug:reference>/open-without-consent/", consent.open_without_consent, name="open_without_consent"),
    path("<slug:reference>/duplicates/<int:person_id>/", merge.confirm_merge, name="confirm_merge"),
    path("<slug:reference>/duplicates/<int:person_id>/merge/", merge.merge, name="merge"),
]
