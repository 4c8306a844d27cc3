"""Contingency plans (practitioners) and the 24/7 emergency line (responders)."""

from django.urls import URLPattern, URLResolver, path

from carershub.emergency_response.views import activations, cards, notifications, plans

app_name = "emergency_response"
urlpatterns: list[URLPattern | URLResolver] = [
    # The emergency line
    path("", cards.lookup, name="lookup"),
    path("activations/", activations.open_activations, name="open_activations"),
    path("activations/<int:activation_id>/", activations.activation, name="activation"),
    path("activations/<int:activation_id>/details/", activations.activation_details, name="activation_details"),
    path("activations/<int:activation_id>/calls/", activations.contact_attempt, name="contact_attempt"),
    path("activations/<int:activation_id>/close/", activations.close, name="close"),
    path("messages/<int:notification_id>/retry/", notifications.retry, name="retry"),
    path("paused-lookups/", cards.paused_lookups, name="paused_lookups"),
    # Contingency plans
    path("plans/", plans.plans, name="plans"),
    path("people/<int:person_id>/plan/", plans.new_plan, name="new_plan"),
    path("plans/<int:plan_id>/", plans.plan, name="plan"),
    path("plans/<int:plan_id>/edit/", plans.edit_plan, name="edit_plan"),
    path("plans/<int:plan_id>/contacts/", plans.add_contact, name="add_contact"),
    path("plans/<int:plan_id>/contacts/<int:contact_id>/remove/", plans.remove_contact, name="remove_contact"),
    path("plans/<int:plan_id>/confirm/", plans.confirm, name="confirm"),
    path("plans/<int:plan_id>/reissue/", cards.reissue, name="reissue"),
    path("plans/<int:plan_id>/withdraw/", plans.withdraw, name="withdraw"),
    path("plans/<int:plan_id>/print/", plans.print_plan, name="print"),
    path("plans/<int:plan_id>/card.pdf", cards.card, name="card"),
    path("plans/<int:plan_id>/plan.pdf", plans.plan_pdf_for_carer, name="plan_pdf"),
]
