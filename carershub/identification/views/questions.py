"""The public "Am I a carer?" questions: the way in, the start page, one question per page, and the result.

No account is needed and nothing needs JavaScript (GOV.UK question pages).
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carershub.identification.forms.questions import AgeForm, CareTasksForm, ConditionsForm, LookingAfterForm
from carershub.identification.rules import asks_about_the_caring, is_probably_a_carer, is_young
from carershub.identification.selectors import areas_taking_self_referrals
from carershub.identification.views.journey import (
    Answers,
    answers_for,
    area_or_404,
    missing_step,
    posted_data,
    save_answers,
    step_url,
)
from carershub.organisations.models import Area


def _back_from_age(area: Area, answers: Answers) -> str:
    if asks_about_the_caring(answers.get("looking_after", "")):
        return step_url("identification:care_tasks", area)
    return step_url("identification:looking_after", area)


def _next_or_check_answers(request: HttpRequest, area: Area, answers: Answers, url_name: str) -> HttpResponse:
    """After a question: the next page, or back to check your answers when changing an answer from there."""
    if request.GET.get("change") and "referral" in answers:
        return redirect("identification:check_answers", area_slug=area.slug)
    return redirect(url_name, area_slug=area.slug)


@never_cache
@require_http_methods(["GET"])
def choose_area(request: HttpRequest) -> HttpResponse:
    """The way in: straight to the start page where one area is served; a choice of areas where several are."""
    areas = list(areas_taking_self_referrals())
    if len(areas) == 1:
        return redirect("identification:start_in_area", area_slug=areas[0].slug)
    return render(request, "identification/am_i_a_carer/choose-area.html", {"areas": areas})


@never_cache
@require_http_methods(["GET"])
def start(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    return render(request, "identification/am_i_a_carer/start.html", {"area": area})


# --- The questions -------------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def looking_after(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = answers_for(request, area)
    form = LookingAfterForm(posted_data(request), initial={"looking_after": answers.get("looking_after")})
    if request.method == "POST" and form.is_valid():
        answers = save_answers(request, area, looking_after=form.cleaned_data["looking_after"])
        if asks_about_the_caring(answers["looking_after"]):
            # Straight on to the questions about the caring, even from check your answers, if they are unanswered.
            if "conditions" not in answers or "care_tasks" not in answers:
                return redirect("identification:conditions", area_slug=area.slug)
            return _next_or_check_answers(request, area, answers, "identification:conditions")
        return _next_or_check_answers(request, area, answers, "identification:age")
    return _question(request, area, form, back=step_url("identification:start_in_area", area))


@never_cache
@require_http_methods(["GET", "POST"])
def conditions(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = answers_for(request, area)
    if missing := missing_step(area, answers, "identification:conditions"):
        return missing
    form = ConditionsForm(posted_data(request), initial=ConditionsForm.initial_for(answers.get("conditions")))
    if request.method == "POST" and form.is_valid():
        answers = save_answers(request, area, conditions=form.answers())
        if "care_tasks" not in answers:
            return redirect("identification:care_tasks", area_slug=area.slug)
        return _next_or_check_answers(request, area, answers, "identification:care_tasks")
    return _question(request, area, form, back=step_url("identification:looking_after", area))


@never_cache
@require_http_methods(["GET", "POST"])
def care_tasks(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = answers_for(request, area)
    if missing := missing_step(area, answers, "identification:care_tasks"):
        return missing
    form = CareTasksForm(posted_data(request), initial=CareTasksForm.initial_for(answers.get("care_tasks")))
    if request.method == "POST" and form.is_valid():
        answers = save_answers(request, area, care_tasks=form.answers())
        return _next_or_check_answers(request, area, answers, "identification:age")
    return _question(request, area, form, back=step_url("identification:conditions", area))


@never_cache
@require_http_methods(["GET", "POST"])
def age(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = answers_for(request, area)
    if missing := missing_step(area, answers, "identification:age"):
        return missing
    form = AgeForm(posted_data(request), initial={"age_band": answers.get("age_band")})
    if request.method == "POST" and form.is_valid():
        answers = save_answers(request, area, age_band=form.cleaned_data["age_band"])
        return _next_or_check_answers(request, area, answers, "identification:result")
    return _question(request, area, form, back=_back_from_age(area, answers))


def _question(request: HttpRequest, area: Area, form: forms.Form, *, back: str) -> HttpResponse:
    return render(request, "identification/am_i_a_carer/question.html", {"area": area, "form": form, "back": back})


@never_cache
@require_http_methods(["GET"])
def result(request: HttpRequest, area_slug: str) -> HttpResponse:
    area = area_or_404(area_slug)
    answers = answers_for(request, area)
    if missing := missing_step(area, answers, "identification:result"):
        return missing
    probably_a_carer = is_probably_a_carer(
        answers["looking_after"], answers.get("conditions", []), answers.get("care_tasks", [])
    )
    return render(
        request,
        "identification/am_i_a_carer/result.html",
        {
            "area": area,
            "probably_a_carer": probably_a_carer,
            "young": is_young(answers["age_band"]),
            "back": step_url("identification:age", area),
        },
    )


# --- Asking for support --------------------------------------------------------------------------------------------
