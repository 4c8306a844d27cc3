"""What the public referral journeys share (asking for support yourself, and referring a carer): keeping what was
typed, check your answers, and sending with its protections.

Sending makes at most one referral per form (a token on the page), a few per address an hour, and none for robots
(a hidden field people never fill in). Once sent, the answers are forgotten; only the reference is kept, to show it.
"""

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from carershub.core.forms import GovukBoundField
from carershub.core.ratelimit import client_address_digest, within_limit
from carershub.identification.forms.public_referral import (
    ADDRESS,
    HONEYPOT_FIELD,
    PublicReferralForm,
    SubmitForm,
    honeypot_filled,
)
from carershub.identification.views.journey import Answers, answers_for, save_answers
from carershub.organisations.models import Area
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import NoRouteForReferral, ReferralInvalid, new_reference

logger = logging.getLogger(__name__)

# Referrals of one kind from one address (IPv6: one /64 network) in an hour. A family, a library or a school sharing
# an address can still send several; a robot cannot flood the providers' inboxes.
SUBMISSIONS_PER_HOUR: Final = 10
RESPONSE_WORKING_DAYS: Final = 10


@dataclass(frozen=True)
class PublicReferralPages:
    """One public referral journey: where its answers are kept, its pages, and what it is called in the logs."""

    name: str  # in log messages: "Self-referral"
    session_key: str
    check_answers_page: str  # URL names, each taking the area's slug
    confirmation_page: str
    templates: str  # the folder with its too-many-requests.html and no-route.html
    idempotency_prefix: str  # with the 43-character token, within Referral.idempotency_key's 64
    rate_limit_counter: str

    def answers(self, request: HttpRequest, area: Area) -> Answers:
        return answers_for(request, area, session_key=self.session_key)

    def save(self, request: HttpRequest, area: Area, **changes: Any) -> Answers:
        return save_answers(request, area, session_key=self.session_key, **changes)


# --- Keeping what was typed ----------------------------------------------------------------------------------------


def form_data_to_keep(form: forms.Form, data: Any) -> dict[str, list[str]]:
    """What was typed into the form's own boxes (no CSRF token, no honeypot), to fill it in again later."""
    names: set[str] = set()
    for name, field in form.fields.items():
        if name == HONEYPOT_FIELD:
            continue
        suffixes = getattr(field.widget, "widgets_names", None) or [""]
        names.update(form.add_prefix(name) + suffix for suffix in suffixes)
    return {name: data.getlist(name) for name in sorted(names) if name in data}


def keep_posted_form(request: HttpRequest, area: Area, form: forms.Form, *, pages: PublicReferralPages) -> bool:
    """Remember whether a robot filled the posted form in and, if it is valid, what was typed. True if valid."""
    if honeypot_filled(request.POST):
        pages.save(request, area, suspected_robot=True)
    if not form.is_valid():
        return False
    pages.save(request, area, referral=form_data_to_keep(form, request.POST))
    return True


# --- Check your answers --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    key: str
    lines: list[str]
    href: str
    change: str  # what the Change link changes, for screen readers


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: list[SummaryRow]


def choice_labels(field: forms.Field, values: Sequence[str]) -> list[str]:
    labels = dict(getattr(field, "choices", []))
    return [str(labels.get(value, value)) for value in values]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not given"


def address_lines(data: dict[str, Any]) -> list[str]:
    """A postal address from a form's cleaned data, a line each."""
    return [data[name] for name in ADDRESS if data.get(name)]


def form_row(form: forms.Form, form_url: str, field: str, key: str, values: list[str], change: str) -> SummaryRow:
    """One answer from the form page, with a Change link to its field there ("Not given" when left empty)."""
    bound_field = form[field]
    anchor = bound_field.error_target_id if isinstance(bound_field, GovukBoundField) else bound_field.auto_id
    return SummaryRow(key=key, lines=values or ["Not given"], href=f"{form_url}#{anchor}", change=change)


def is_resent(request: HttpRequest, answers: Answers) -> bool:
    """The same check-your-answers page sent again (a double click, or back and resubmit) after the referral was
    made: show the confirmation again rather than send anything."""
    submitted = answers.get("submitted") or {}
    return bool(
        request.method == "POST" and submitted and request.POST.get("submission_token") == submitted.get("token")
    )


def with_token(request: HttpRequest, area: Area, answers: Answers, *, pages: PublicReferralPages) -> Answers:
    """The answers with this visit's submission token, made the first time check your answers is shown."""
    if "token" in answers:
        return answers
    return pages.save(request, area, token=secrets.token_urlsafe(32))


# --- Sending -------------------------------------------------------------------------------------------------------


def submit[Form: PublicReferralForm](
    request: HttpRequest,
    area: Area,
    answers: Answers,
    form: Form,
    *,
    pages: PublicReferralPages,
    show_form: Callable[[Form], HttpResponse],
    details: dict[str, Any] | None = None,
) -> HttpResponse:
    """Make the referral: at most one per token, a few per address an hour, none for robots. `details` are kept
    for the confirmation and given to the pages shown instead of it."""
    details = details or {}
    submit_form = SubmitForm(request.POST)
    if not submit_form.is_valid() or submit_form.cleaned_data["submission_token"] != answers["token"]:
        # A page from an earlier visit: show this visit's answers to send instead.
        return redirect(pages.check_answers_page, area_slug=area.slug)
    if not within_submission_limit(request, counter=pages.rate_limit_counter):
        logger.warning("%s refused: too many from one address in an hour (area %s)", pages.name, area.slug)
        return render(request, f"{pages.templates}/too-many-requests.html", {"area": area, **details}, status=429)
    if answers.get("suspected_robot") or honeypot_filled(request.POST):
        # Answer as if it worked, so that a robot learns nothing; make no referral.
        logger.warning("%s ignored: the hidden field was filled in (area %s)", pages.name, area.slug)
        return confirm(request, area, pages=pages, token=answers["token"], reference=new_reference(), details=details)
    try:
        referral = submit_referral(
            form.submission(idempotency_key=f"{pages.idempotency_prefix}:{answers['token']}"), submitted_by=None
        )
    except ReferralInvalid as invalid:
        form.add_service_problems(invalid.errors)
        return show_form(form)
    except NoRouteForReferral as no_route:
        logger.error("%s could not be routed: %s", pages.name, no_route)
        return render(request, f"{pages.templates}/no-route.html", {"area": area, **details}, status=503)
    return confirm(request, area, pages=pages, token=answers["token"], reference=referral.reference, details=details)


def confirm(
    request: HttpRequest,
    area: Area,
    *,
    pages: PublicReferralPages,
    token: str,
    reference: str,
    details: dict[str, Any],
) -> HttpResponse:
    """Forget the answers, keep the reference to show, and show it (GOV.UK: post, redirect, get)."""
    request.session[pages.session_key] = {
        "area": area.slug,
        "submitted": {"token": token, "reference": reference, **details},
    }
    return redirect(pages.confirmation_page, area_slug=area.slug)


def sent_referral(request: HttpRequest, area: Area, *, pages: PublicReferralPages) -> dict[str, Any] | None:
    """What the confirmation shows (the reference and the details kept with it), or None if nothing was sent."""
    submitted = pages.answers(request, area).get("submitted")
    if not submitted:
        return None
    return {name: value for name, value in submitted.items() if name != "token"}


def within_submission_limit(request: HttpRequest, *, counter: str) -> bool:
    """Count this submission against the sender's address; False once the hour's allowance is used up."""
    key = f"identification:{counter}:{client_address_digest(request)}"
    return within_limit(key, limit=SUBMISSIONS_PER_HOUR, period_seconds=60 * 60)
