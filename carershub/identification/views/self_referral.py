"""Asking for support: the self-referral form, check your answers, sending, and the confirmation.

Sending is shared with referring a carer (views/public_referral.py): at most one referral per form, a few per
address an hour, none for robots, and the answers forgotten once sent.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carershub.identification.forms.public_referral import SubmitForm
from carershub.identification.forms.questions import AgeForm, CareTasksForm, ConditionsForm, LookingAfterForm
from carershub.identification.forms.self_referral import SelfReferralForm
from carershub.identification.rules import ConsentAnswer, asks_about_the_caring, is_young
from carershub.identification.views.journey import (
    SESSION_KEY,
    Answers,
    area_or_404,
    missing_step,
    step_url,
)
from carershub.identification.views.public_referral import (
    RESPONSE_WORKING_DAYS,
    SUBMISSIONS_PER_HOUR,
    PublicReferralPages,
    SummaryRow,
    SummarySection,
    address_lines,
    choice_labels,
    form_row,
    is_resent,
    keep_posted_form,
    lines,
    long_date,
    sent_referral,
    submit,
    with_token,
)
from carershub.organisations.models import Area

# The hourly allowance is the same for every public referral journey; it is named here too, where the
# self-referral's tests look for it.
__all__ = ["SUBMISSIONS_PER_HOUR", "check_answers", "confirmation", "self_referral"]

PAGES = PublicReferralPages(
    name="Self-referral",
    session_key=SESSION_KEY,
    check_answers_page="identification:check_answers",
    confirmation_page="identification:confirmation",
    templates="identification/am_i_a_carer",
    idempotency_prefix="self-referral",
    rate_limit_counter="self-referrals",
)


def _self_referral_form(area: Area, answers: Answers, data: Any = None) -> SelfReferralForm:
    return SelfReferralForm(
        data,
        area=area,
        young=is_young(answers["age_band"]),
        conditions=answers.get("conditions", []),
        care_tasks=answers.get("care_tasks", []),
    )


def _stored_form(area: Area, answers: Answers) -> SelfReferralForm:
    """The self-referral form filled in with what was entered before."""
    return _self_referral_form(area, answers, MultiValueDict(answers["referral"]))


@never_cache
@require_http_methods(["GET", "POST"])
def self_referral(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = PAGES.answers(request, area)
    if missing := missing_step(area, answers, "identification:self_referral"):
        return missing
    if request.method == "POST":
        form = _self_referral_form(area, answers, request.POST)
        if keep_posted_form(request, area, form, pages=PAGES):
            return redirect("identification:check_answers", area_slug=area.slug)
    elif "referral" in answers:
        form = _stored_form(area, answers)
    else:
        form = _self_referral_form(area, answers)
    return _self_referral_page(request, area, form)


def _self_referral_page(request: HttpRequest, area: Area, form: SelfReferralForm) -> HttpResponse:
    return render(
        request,
        "identification/am_i_a_carer/self-referral.html",
        {"area": area, "form": form, "young": form.young, "back": step_url("identification:result", area)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = PAGES.answers(request, area)
    if is_resent(request, answers):
        # The referral was made the first time.
        return redirect("identification:confirmation", area_slug=area.slug)
    if missing := missing_step(area, answers, "identification:check_answers"):
        return missing
    referral_form = _stored_form(area, answers)
    if not referral_form.is_valid():
        # An answer changed since (how old they are, say) and the form needs more: show it with what to fix.
        return redirect("identification:self_referral", area_slug=area.slug)
    answers = with_token(request, area, answers, pages=PAGES)
    if request.method == "POST":
        return submit(
            request,
            area,
            answers,
            referral_form,
            pages=PAGES,
            show_form=lambda form: _self_referral_page(request, area, form),
            details={"young": referral_form.young},
        )
    return _check_answers_page(request, area, answers, referral_form)


def _check_answers_page(
    request: HttpRequest, area: Area, answers: Answers, referral_form: SelfReferralForm
) -> HttpResponse:
    return render(
        request,
        "identification/am_i_a_carer/check-answers.html",
        {
            "area": area,
            "young": referral_form.young,
            "sections": _summary(area, answers, referral_form),
            "submit_form": SubmitForm(initial={"submission_token": answers["token"]}),
            "back": step_url("identification:self_referral", area),
        },
    )


def _summary(area: Area, answers: Answers, form: SelfReferralForm) -> list[SummarySection]:
    """Check your answers: every answer, in the words of its question, with a link to change it."""
    data = form.cleaned_data
    young = form.young

    def question(url_name: str) -> str:
        return f"{step_url(url_name, area)}?change=1"

    def row(field: str, key: str, values: list[str], change: str) -> SummaryRow:
        return form_row(form, step_url("identification:self_referral", area), field, key, values, change)

    caring = [
        SummaryRow(
            key="Do you look after someone who could not manage without you?",
            lines=choice_labels(LookingAfterForm.base_fields["looking_after"], [answers["looking_after"]]),
            href=question("identification:looking_after"),
            change="whether you look after someone",
        )
    ]
    if asks_about_the_caring(answers["looking_after"]):
        caring += [
            SummaryRow(
                key="Why they need help",
                lines=choice_labels(ConditionsForm.base_fields["conditions"], answers["conditions"])
                or ["None of these"],
                href=question("identification:conditions"),
                change="why they need help",
            ),
            SummaryRow(
                key="What you help with",
                lines=choice_labels(CareTasksForm.base_fields["care_tasks"], answers["care_tasks"])
                or ["None of these"],
                href=question("identification:care_tasks"),
                change="what you help with",
            ),
        ]
    caring.append(
        SummaryRow(
            key="How old you are",
            lines=choice_labels(AgeForm.base_fields["age_band"], [answers["age_band"]]),
            href=question("identification:age"),
            change="how old you are",
        )
    )
    consent_field = "consent_by" if young else "consent"
    consent_lines = (
        choice_labels(form.fields["consent_by"], [data["consent_by"]]) if young else [str(form.fields["consent"].label)]
    )
    if young and data.get("consent_by") == ConsentAnswer.PARENT_OR_CARER:
        consent_lines.append(f"{data['consent_by_name']} ({data['consent_by_relationship']})")
    return [
        SummarySection("Am I a carer?", caring),
        SummarySection(
            "About you",
            [
                row("given_name", "Name", [f"{data['given_name']} {data['family_name']}"], "your name"),
                row("date_of_birth", "Date of birth", [long_date(data["date_of_birth"])], "your date of birth"),
            ],
        ),
        SummarySection(
            "How we can contact you",
            [
                row("phone", "Phone number", [data["phone"]] if data.get("phone") else [], "your phone number"),
                row("email", "Email address", [data["email"]] if data.get("email") else [], "your email address"),
                row("address_line_1", "Address", address_lines(data), "your address"),
                row(
                    "contact_channels",
                    "How to contact you",
                    choice_labels(form.fields["contact_channels"], data["contact_channels"]),
                    "how to contact you",
                ),
            ],
        ),
        SummarySection(
            "The person you help" if young else "The person you look after",
            [
                row(
                    "cared_for_given_name",
                    "Name",
                    [f"{data['cared_for_given_name']} {data['cared_for_family_name']}"],
                    "their name",
                ),
                row(
                    "cared_for_date_of_birth",
                    "Date of birth",
                    [long_date(data.get("cared_for_date_of_birth"))],
                    "their date of birth",
                ),
                row(
                    "relationship",
                    "Who they are to you",
                    choice_labels(form.fields["relationship"], [data["relationship"]]),
                    "who they are to you",
                ),
            ],
        ),
        SummarySection(
            "The help you would like" if young else "The support you would like",
            [row("reason", "What you would like", lines(data["reason"]), "what support you would like")],
        ),
        SummarySection(
            "Agreeing to share your information",
            [row(consent_field, "Who agrees" if young else "You agreed", consent_lines, "who agrees")],
        ),
    ]


@never_cache
@require_http_methods(["GET"])
def confirmation(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    sent = sent_referral(request, area, pages=PAGES)
    if sent is None:
        return redirect("identification:start_in_area", area_slug=area.slug)
    return render(
        request,
        "identification/am_i_a_carer/confirmation.html",
        {"area": area, "reference": sent["reference"], "young": sent["young"], "working_days": RESPONSE_WORKING_DAYS},
    )
