"""Contingency plans (practitioners) and the 24/7 emergency line (responders)."""

from django.urls import URLPattern, URLResolver, path

from carershub.emergency_response import views

app_name = "emergency_response"
urlpatterns: list[URLPattern | URLResolver] = [
    # The emergency line
    path("", views.lookup, name="lookup"),
    path("activations/<int:activation_id>/", views.activation, name="activation"),
    path("activations/<int:activation_id>/details/", views.activation_details, name="activation_details"),
    path("activations/<int:activation_id>/calls/", views.contact_attempt, name="contact_attempt"),
    path("activations/<int:activation_id>/close/", views.close, name="close"),
    path("messages/<int:notification_id>/retry/", views.retry, name="retry"),
    path("paused-lookups/", views.paused_lookups, name="paused_lookups"),
    # Contingency plans
    path("plans/", views.plans, name="plans"),
    path("people/<int:person_id>/plan/", views.new_plan, name="new_plan"),
    path("plans/<int:plan_id>/", views.plan, name="plan"),
    path("plans/<int:plan_id>/edit/", views.edit_plan, name="edit_plan"),
    path("plans/<int:plan_id>/contacts/", views.add_contact, name="add_contact"),
    path("plans/<int:plan_id>/contacts/<int:contact_id>/remove/", views.remove_contact, name="remove_contact"),
    path("plans/<int:plan_id>/confirm/", views.confirm, name="confirm"),
    path("plans/<int:plan_id>/reissue/", views.reissue, name="reissue"),
    path("plans/<int:plan_id>/withdraw/", views.withdraw, name="withdraw"),
    path("plans/<int:plan_id>/print/", views.print_plan, name="print"),
    path("plans/<int:plan_id>/card.pdf", views.card, name="card"),
    path("plans/<int:plan_id>/plan.pdf", views.plan_pdf_for_carer, name="plan_pdf"),
]
