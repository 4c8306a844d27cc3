"""Support plan pages for staff: plans and their versions, reviews, direct payments and short breaks."""

from django.urls import path

from carershub.support_plans.views import direct_payments, plans, reviews, short_breaks

app_name = "support_plans"

PLAN = "<str:reference>/v<int:version>/"

urlpatterns = [
    path("", reviews.team_list, name="list"),
    path("reviews/", reviews.reviews_due, name="reviews"),
    path("reviews/<int:review_id>/", reviews.review, name="review"),
    path("start/<str:assessment_reference>/", plans.start, name="start"),
    path("direct-payments/export/", direct_payments.finance_export, name="finance_export"),
    path("direct-payments/<int:agreement_id>/", direct_payments.agreement, name="direct_payment"),
    path("direct-payments/<int:agreement_id>/end/", direct_payments.end, name="direct_payment_end"),
    path("direct-payments/<int:agreement_id>/monitoring/", direct_payments.monitoring_return, name="monitoring_return"),
    path("direct-payments/payments/<int:payment_id>/made/", direct_payments.payment_made, name="payment_made"),
    path("direct-payments/reviews/<int:review_id>/", direct_payments.review, name="direct_payment_review"),
    path("short-breaks/new/<int:person_id>/", short_breaks.new, name="short_break_new"),
    path("short-breaks/<int:break_id>/", short_breaks.detail, name="short_break"),
    path("short-breaks/<int:break_id>/approve/", short_breaks.approve, name="short_break_approve"),
    path("short-breaks/<int:break_id>/book/", short_breaks.book, name="short_break_book"),
    path("short-breaks/<int:break_id>/deliver/", short_breaks.deliver, name="short_break_deliver"),
    path("short-breaks/<int:break_id>/cancel/", short_breaks.cancel, name="short_break_cancel"),
    path(PLAN, plans.detail, name="detail"),
    path(PLAN + "edit/", plans.edit, name="edit"),
    path(PLAN + "needs/add/", plans.need, name="need_add"),
    path(PLAN + "needs/<int:need_id>/", plans.need, name="need"),
    path(PLAN + "needs/<int:need_id>/remove/", plans.need_remove, name="need_remove"),
    path(PLAN + "needs/<int:need_id>/direct-payment/", direct_payments.set_up, name="direct_payment_new"),
    path(PLAN + "approve-budget/", plans.budget_approve, name="approve_budget"),
    path(PLAN + "agree/", plans.agree, name="agree"),
    path(PLAN + "revise/", plans.revise, name="revise"),
    path(PLAN + "end/", plans.end, name="end"),
    path(PLAN + "request-review/", reviews.review_request, name="request_review"),
    path(PLAN + "copy/", plans.copy, name="copy"),
    path(PLAN + "copy.pdf", plans.copy_pdf, name="copy_pdf"),
]
