"""The key safe: typed by a practitioner, shown only on the responder's screen during an open activation. It never
reaches a log (even at DEBUG, SQL included), the audit trail, the timeline, the plan list or the carer's PDF; error
reports star it out; and no cache may keep the responder's screen."""

import json
import logging
import re
from typing import Any

import pytest
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.emergency_response.encryption import ShownSecret
from carershub.emergency_response.forms import EditPlanForm
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyCard
from carershub.emergency_response.tests.factories import KEY_SAFE, carer_worked_with
from carershub.organisations.models import Area, Organisation
from carershub.people.models import TimelineEntry

NEW_KEY_SAFE = "Key safe left of the porch, code 8316"
EDITED_KEY_SAFE = "Key safe under the meter box, code 5402"


def _edit_data(plan: ContingencyPlan, key_safe: str) -> dict[str, Any]:
    initial = EditPlanForm.for_plan(plan).initial
    return {**{name: value for name, value in initial.items() if value}, "key_safe": key_safe}


def test_the_key_safe_never_reaches_logs_audit_lists_or_the_carers_pdf(
    sign_in: SignIn,
    practitioner: User,
    responder: User,
    plan: ContingencyPlan,
    card: EmergencyCard,
    home_area: Area,
    carers_centre: Organisation,
    caplog: pytest.LogCaptureFixture,
    settings: Any,
) -> None:
    settings.DEBUG = True  # Django logs every SQL statement with its parameters at DEBUG
    secrets = (KEY_SAFE, NEW_KEY_SAFE, EDITED_KEY_SAFE, "8316", "5402", "4791")
    new_carer = carer_worked_with(home_area, carers_centre)
    # Django's own loggers stop at INFO by default: open them (SQL, requests) to DEBUG as well as the root.
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="django"):
        staff = sign_in(practitioner)
        created = staff.post(
            reverse("emergency_response:new_plan", args=[new_carer.pk]),
            {"cared_for": new_carer.caring_for.get().cared_for_id, "medication": "Inhaler", "key_safe": NEW_KEY_SAFE},
        )
        assert created.status_code == 302
        edited = staff.post(reverse("emergency_response:edit_plan", args=[plan.pk]), _edit_data(plan, EDITED_KEY_SAFE))
        assert edited.status_code == 302
        list_page = staff.get(reverse("emergency_response:plans")).content.decode()
        pdf = staff.get(reverse("emergency_response:plan_pdf", args=[plan.pk])).content

        line = sign_in(responder)
        opened = line.post(reverse("emergency_response:lookup"), {"number": card.number, "reason": "Carer fell"})
        assert opened.status_code == 302
        activation = Activation.objects.get()
        screen = line.get(activation.get_absolute_url()).content.decode()
        line.post(reverse("emergency_response:activation_details", args=[activation.pk]), {"support_hours": "-1"})
        line.post(reverse("emergency_response:close", args=[activation.pk]), {"outcome": "not_needed"})

    assert EDITED_KEY_SAFE in screen  # the one place it is shown, so the checks below are not vacuous
    assert ContingencyPlan.objects.get(carer=new_carer).has_key_safe()
    assert "SELECT" in caplog.text  # DEBUG logging was on
    trail = [json.dumps(event.detail) + event.purpose for event in AuditEvent.objects.all()]
    timeline = [entry.summary for entry in TimelineEntry.objects.all()]
    assert plan.pk in [event.detail.get("contingency_plan") for event in AuditEvent.objects.all()]
    for secret in secrets:
        # As a whole word: a bare code such as 8316 may occur inside the digits of a savepoint's name in the SQL log.
        assert not re.search(rf"\b{re.escape(secret)}\b", caplog.text)
        assert not [text for text in trail if secret in text]
        assert not [text for text in timeline if secret in text]
        assert secret not in list_page
        assert secret.encode() not in pdf


@pytest.mark.parametrize("page", ["new_plan", "edit_plan"])
def test_error_reports_star_out_the_key_safe_posted_to_a_plan_form(
    page: str, sign_in: SignIn, practitioner: User, plan: ContingencyPlan
) -> None:
    url = (
        reverse("emergency_response:new_plan", args=[plan.carer_id])
        if page == "new_plan"
        else reverse("emergency_response:edit_plan", args=[plan.pk])
    )
    response = sign_in(practitioner).post(url, {"key_safe": NEW_KEY_SAFE, "medication": "x" * 5000})
    posted = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert posted["key_safe"] != NEW_KEY_SAFE
    assert set(posted["key_safe"]) == {"*"}
    assert posted["medication"] == "x" * 5000  # other fields are reported as usual


def _no_store(response: Any) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_no_cache_may_keep_the_responder_screens(sign_in: SignIn, responder: User, card: EmergencyCard) -> None:
    client = sign_in(responder)
    responses = [
        client.get(reverse("emergency_response:lookup")),
        client.post(reverse("emergency_response:lookup"), {"number": card.number}),  # the reason step
    ]
    client.post(reverse("emergency_response:lookup"), {"number": card.number, "reason": "Carer in hospital"})
    activation = Activation.objects.get()
    responses += [
        client.get(activation.get_absolute_url()),  # holds the key safe
        client.post(reverse("emergency_response:activation_details", args=[activation.pk]), {"support_hours": "-1"}),
        client.post(reverse("emergency_response:contact_attempt", args=[activation.pk]), {}),
        client.post(reverse("emergency_response:close", args=[activation.pk]), {}),
    ]
    assert KEY_SAFE in responses[2].content.decode()
    assert [response.status_code for response in responses] == [200, 200, 200, 400, 400, 400]
    for response in responses:
        assert {"no-store", "private", "no-cache"} <= _no_store(response)


def test_a_shown_secret_prints_on_the_page_but_never_in_a_repr() -> None:
    shown = ShownSecret(KEY_SAFE)
    assert str(shown) == KEY_SAFE
    assert KEY_SAFE not in repr(shown)
    assert KEY_SAFE not in repr({"key_safe": shown})
    assert shown
    assert not ShownSecret("")
