"""Procurement pages: arrangements, membership, package requests and their mini-competitions, spot purchases."""

from django.urls import path

from carershub.procurement.views import arrangements, contingency, manage, membership, packages

app_name = "procurement"
urlpatterns = [
    path("", arrangements.home, name="home"),
    path("spot-purchases/", contingency.spot_purchases, name="spot_purchases"),
    path("spot-purchases/new/", contingency.spot_purchase_new, name="spot_purchase_new"),
    path(
        "spot-purchases/<int:spot_purchase_id>/decide/", contingency.spot_purchase_decide, name="spot_purchase_decide"
    ),
    path("continuing-packages/", contingency.continuing_packages, name="continuing_packages"),
    path("continuing-packages/new/", contingency.continuing_new, name="continuing_new"),
    path(
        "continuing-packages/<int:continuing_package_id>/review/",
        contingency.continuing_review,
        name="continuing_review",
    ),
    path("applications/<int:application_id>/", membership.application, name="application"),
    path("applications/<int:application_id>/submit/", membership.application_submit, name="application_submit"),
    path("applications/<int:application_id>/evaluate/", membership.application_evaluate, name="application_evaluate"),
    path("applications/<int:application_id>/moderate/", membership.application_moderate, name="application_moderate"),
    path("memberships/<int:membership_id>/status/", membership.membership_status, name="membership_status"),
    path("memberships/<int:membership_id>/rating/", membership.membership_rating, name="membership_rating"),
    path("packages/new/<int:person_id>/", packages.package_new, name="package_new"),
    path("packages/<str:reference>/", packages.package, name="package"),
    path("packages/<str:reference>/publish/", packages.publish, name="publish"),
    path("packages/<str:reference>/bid/", packages.bid, name="bid"),
    path("packages/<str:reference>/bids/<int:bid_id>/evaluate/", packages.bid_evaluate, name="bid_evaluate"),
    path("packages/<str:reference>/award/", packages.award, name="award"),
    path("packages/<str:reference>/share/", packages.share, name="share"),
    path("arrangements/<str:arrangement_reference>/", arrangements.arrangement, name="arrangement"),
    path("arrangements/<str:arrangement_reference>/reviews/new/", arrangements.review_new, name="review_new"),
    path("arrangements/<str:arrangement_reference>/ocds.json", arrangements.arrangement_ocds, name="arrangement_ocds"),
    path("arrangements/<str:arrangement_reference>/awards.csv", arrangements.awards_csv, name="awards_csv"),
    path("arrangements/<str:arrangement_reference>/apply/<int:category_id>/", membership.apply, name="apply"),
    path("arrangements/<str:arrangement_reference>/questions/new/", manage.question_new, name="question_new"),
    path("arrangements/<str:arrangement_reference>/participants/new/", manage.participant_new, name="participant_new"),
    path(
        "arrangements/<str:arrangement_reference>/participants/<int:participant_id>/leave/",
        manage.participant_leave,
        name="participant_leave",
    ),
    path("arrangements/<str:arrangement_reference>/extensions/new/", manage.extension_new, name="extension_new"),
    path("arrangements/<str:arrangement_reference>/windows/new/", manage.window_new, name="window_new"),
    path("arrangements/<str:arrangement_reference>/notices/new/", manage.notice_new, name="notice_new"),
]
