"""Referring a carer without an account (school, GP practice and hospital staff, family and friends): the way in,
the referral form, check your answers, sending, and the confirmation.

Sending is shared with the self-referral (views/public_referral.py): at most one referral per form, a few per
address an hour, none for robots, and the answers forgotten once sent.
"""

from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carershub.identification.forms.professional_referral import ProfessionalReferralForm
from carershub.identification.forms.public_referral import SubmitForm
from carershub.identification.selectors import areas_taking_self_referrals
from carershub.identification.views.journey import Answers, area_or_404, step_url
from carershub.identification.views.public_referral import (
    RESPONSE_WORKING_DAYS,
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
from carershub.organisations.models import Area, GPPractice, School
from carershub.people.models import Consent

PAGES: Final = PublicReferralPages(
    name="Professional referral",
    session_key="refer_a_carer",
    check_answers_page="identification:refer_check_answers",
    confirmation_page="identification:refer_confirmation",
    templates="identification/refer_a_carer",
    idempotency_prefix="refer-a-carer",
    # Counted apart from self-referrals: a school office or ward sending several referrals in an hour must not use
    # up the allowance of the carers and families sharing its address, nor they its.
    rate_limit_counter="professional-referrals",
)


@never_cache
@require_http_methods(["GET"])
def choose_area(request: HttpRequest) -> HttpResponse:
    """The way in: straight to the form where one area is served; a choice of areas where several are."""
    areas = list(areas_taking_self_referrals())
    if len(areas) == 1:
        return redirect("identification:refer", area_slug=areas[0].slug)
    return render(request, "identification/refer_a_carer/choose-area.html", {"areas": areas})


def _form(area: Area, data: Any = None) -> ProfessionalReferralForm:
    return ProfessionalReferralForm(data, area=area)


def _stored_form(area: Area, answers: Answers) -> ProfessionalReferralForm:
    """The referral form filled in with what was entered before."""
    return _form(area, MultiValueDict(answers["referral"]))


@never_cache
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = PAGES.answers(request, area)
    if request.method == "POST":
        form = _form(area, request.POST)
        if keep_posted_form(request, area, form, pages=PAGES):
            return redirect("identification:refer_check_answers", area_slug=area.slug)
    elif "referral" in answers:
        form = _stored_form(area, answers)
    else:
        form = _form(area)
    return _form_page(request, area, form)


def _form_page(request: HttpRequest, area: Area, form: ProfessionalReferralForm) -> HttpResponse:
    return render(
        request,
        "identification/refer_a_carer/refer.html",
        {"area": area, "form": form, "back": step_url("identification:start_in_area", area)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = PAGES.answers(request, area)
    if is_resent(request, answers):
        # The referral was made the first time.
        return redirect("identification:refer_confirmation", area_slug=area.slug)
    if "referral" not in answers:
        return redirect("identification:refer", area_slug=area.slug)
    form = _stored_form(area, answers)
    if not form.is_valid():
        # Something changed since (a school closed, say): show the form with what to fix.
        return redirect("identification:refer", area_slug=area.slug)
    answers = with_token(request, area, answers, pages=PAGES)
    if request.method == "POST":
        return submit(request, area, answers, form, pages=PAGES, show_form=lambda form: _form_page(request, area, form))
    return render(
        request,
        "identification/refer_a_carer/check-answers.html",
        {
            "area": area,
            "sections": _summary(area, form),
            "submit_form": SubmitForm(initial={"submission_token": answers["token"]}),
            "back": step_url("identification:refer", area),
        },
    )


def _summary(area: Area, form: ProfessionalReferralForm) -> list[SummarySection]:
    """Check your answers: every answer, in the words of its question, with a link to change it."""
    data = form.cleaned_data
    form_url = step_url("identification:refer", area)

    def row(field: str, key: str, values: list[str], change: str) -> SummaryRow:
        return form_row(form, form_url, field, key, values, change)

    def given(name: str) -> list[str]:
        return [str(data[name])] if data.get(name) else []

    where_from = [row("source", "Referring from", choice_labels(form.fields["source"], [data["source"]]), "where from")]
    place = form.place()
    if isinstance(place, School):
        where_from.append(row("school", "School", [place.name], "the school"))
    elif isinstance(place, GPPractice):
        where_from.append(row("gp_practice", "GP practice", [place.name], "the GP practice"))
    elif place:
        where_from.append(row("hospital_name", "Hospital and ward or team", [place], "the hospital and ward"))
    return [
        SummarySection(
            "About you",
            [
                row("referrer_name", "Name", given("referrer_name"), "your name"),
                row("referrer_role", "Role", given("referrer_role"), "your role"),
                row("referrer_email", "Email address", given("referrer_email"), "your email address"),
                row("referrer_phone", "Phone number", given("referrer_phone"), "your phone number"),
            ],
        ),
        SummarySection("Where you are referring from", where_from),
        SummarySection(
            "The carer",
            [
                row("given_name", "Name", [f"{data['given_name']} {data['family_name']}"], "the carer's name"),
                row("date_of_birth", "Date of birth", [long_date(data.get("date_of_birth"))], "their date of birth"),
                row("nhs_number", "NHS number", given("nhs_number"), "the carer's NHS number"),
                row("phone", "Phone number", given("phone"), "the carer's phone number"),
                row("email", "Email address", given("email"), "the carer's email address"),
                row("address_line_1", "Address", address_lines(data), "the carer's address"),
            ],
        ),
        SummarySection(
            "The person they care for",
            [
                row(
                    "cared_for_given_name",
                    "Name",
                    [f"{data['cared_for_given_name']} {data['cared_for_family_name']}"],
                    "the name of the person they care for",
                ),
                row(
                    "cared_for_date_of_birth",
                    "Date of birth",
                    [long_date(data.get("cared_for_date_of_birth"))],
                    "the date of birth of the person they care for",
                ),
                row(
                    "relationship",
                    "Who they are to the carer",
                    choice_labels(form.fields["relationship"], [data["relationship"]]),
                    "who they are to the carer",
                ),
            ],
        ),
        SummarySection(
            "Why they need support",
            [
                row("reason", "Why they need support", lines(data["reason"]), "why they need support"),
                row(
                    "urgency",
                    "How urgent",
                    choice_labels(form.fields["urgency"], [data["urgency"]]),
                    "how urgent this is",
                ),
            ],
        ),
        SummarySection(
            "Agreement to the referral",
            [
                row("consent", "Agreed", [str(form.fields["consent"].label)], "the agreement"),
                row(
                    "consent_by",
                    "Who agreed",
                    choice_labels(form.fields["consent_by"], [data["consent_by"]])
                    + (
                        [f"{data['consent_by_name']} ({data['consent_by_relationship']})"]
                        if data["consent_by"] == Consent.GivenBy.PARENT_OR_GUARDIAN
                        else []
                    ),
                    "who agreed",
                ),
            ],
        ),
    ]


@never_cache
@require_http_methods(["GET"])
def confirmation(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    sent = sent_referral(request, area, pages=PAGES)
    if sent is None:
        return redirect("identification:refer", area_slug=area.slug)
    return render(
        request,
        "identification/refer_a_carer/confirmation.html",
        {"area": area, "reference": sent["reference"], "working_days": RESPONSE_WORKING_DAYS},
    )
