"""Supplier membership pages: apply to a category, answer and submit; assessors evaluate; the lead authority
moderates and decides; the lead authority suspends, reinstates or removes a member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.procurement.forms.membership import (
    ApplicationForm,
    EvaluationForm,
    MembershipStatusForm,
    RatingRecheckForm,
)
from carershub.procurement.models import Application, Category, Membership, Question
from carershub.procurement.rules.admission import moderated_marks
from carershub.procurement.selectors import (
    get_application_for_user,
    get_arrangement_for_user,
    is_assessor,
    is_lead_commissioner,
    supplier_of,
)
from carershub.procurement.services.membership import (
    MembershipChangeRefused,
    StaleEdit,
    missing_answers,
    moderate_application,
    record_evaluation,
    reinstate_membership,
    remove_membership,
    save_answers,
    start_application,
    submit_application,
    suspend_membership,
)
from carershub.procurement.services.ratings import recheck_rating


def _application_url(application: Application) -> str:
    return reverse("procurement:application", args=[application.pk])


@login_required
@require_POST
def apply(request: AuthenticatedHttpRequest, arrangement_reference: str, category_id: int) -> HttpResponse:
    supplier = supplier_of(request.user)
    if supplier is None:
        raise Http404
    arrangement = get_arrangement_for_user(request.user, arrangement_reference)
    category = get_object_or_404(Category, pk=category_id, arrangement=arrangement)
    try:
        application = start_application(supplier, category=category, by=request.user)
    except MembershipChangeRefused as refused:
        messages.error(request, str(refused))
        return redirect(arrangement)
    return redirect(_application_url(application))


@login_required
@require_http_methods(["GET", "POST"])
def application(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The supplier's own application (editable while a draft), or an assessor's view of a submitted one."""
    application = get_application_for_user(request.user, application_id)
    questions = list(application.category.arrangement.questions.all())
    is_supplier = supplier_of(request.user) is not None
    form = None
    if is_supplier and application.is_editable():
        form = ApplicationForm(request.POST or None, application=application, questions=questions)
        if request.method == "POST" and form.is_valid():
            try:
                save_answers(
                    application,
                    answers=form.answers(),
                    regulator_rating=form.cleaned_data["regulator_rating"],
                    regulator_rating_date=form.cleaned_data["regulator_rating_date"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except StaleEdit:
                form.add_error(
                    None, "Someone else saved this application since you opened it. Check it and save again."
                )
            except MembershipChangeRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Answers saved")
                return redirect(_application_url(application))
    elif request.method == "POST":
        raise Http404
    arrangement = application.category.arrangement
    answers = {answer.question_id: answer for answer in application.answers.all()}
    return render(
        request,
        "procurement/application.html",
        {
            "application": application,
            "form": form,
            "is_supplier": is_supplier,
            "rows": [(question, answers.get(question.pk)) for question in questions],
            "missing": missing_answers(application) if application.is_editable() else [],
            "can_evaluate": not is_supplier and is_assessor(request.user, arrangement),
            "can_moderate": not is_supplier and is_lead_commissioner(request.user, arrangement),
            "evaluations": list(application.evaluations.select_related("assessor")) if not is_supplier else [],
        },
    )


@login_required
@require_POST
def application_submit(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_user(request.user, application_id)
    if supplier_of(request.user) is None:
        raise Http404
    try:
        submit_application(application, by=request.user)
    except MembershipChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Application submitted. Assessors will evaluate it on the assessment date.")
    return redirect(_application_url(application))


def _assessable(request: AuthenticatedHttpRequest, application_id: int, *, lead: bool) -> Application:
    application = get_application_for_user(request.user, application_id)
    arrangement = application.category.arrangement
    allowed = is_lead_commissioner(request.user, arrangement) if lead else is_assessor(request.user, arrangement)
    if supplier_of(request.user) is not None or not allowed or application.status != Application.Status.SUBMITTED:
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_evaluate(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _assessable(request, application_id, lead=False)
    questions = list(application.category.arrangement.questions.all())
    mine = application.evaluations.filter(assessor=request.user).first()
    form = EvaluationForm(request.POST or None, questions=questions, initial_marks=mine.marks if mine else {})
    if request.method == "POST" and form.is_valid():
        try:
            record_evaluation(
                application,
                marks=form.marks(),
                passes=form.passes(),
                rating_checked_on=timezone.localdate() if form.cleaned_data["rating_checked"] else None,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except MembershipChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Evaluation recorded")
            return redirect(_application_url(application))
    return render(
        request,
        "procurement/evaluate.html",
        {"application": application, "form": form, "answers": _answers(application), "moderating": False},
    )


def _answers(application: Application) -> list[tuple[object, object]]:
    answers = {answer.question_id: answer for answer in application.answers.all()}
    return [(question, answers.get(question.pk)) for question in application.category.arrangement.questions.all()]


@login_required
@require_http_methods(["GET", "POST"])
def application_moderate(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _assessable(request, application_id, lead=True)
    questions = list(application.category.arrangement.questions.all())
    evaluations = list(application.evaluations.select_related("assessor"))
    suggested = moderated_marks(
        [{int(key): value for key, value in evaluation.marks.items()} for evaluation in evaluations],
        [question.pk for question in questions if question.is_scored()],
    )
    declared = frozenset(
        answer.question_id
        for answer in application.answers.select_related("question")
        if answer.is_yes and answer.question.kind == Question.Kind.DISCRETIONARY_EXCLUSION
    )
    form = EvaluationForm(
        request.POST or None,
        questions=questions,
        initial_marks={str(key): value for key, value in suggested.items()},
        grounds_declared=declared,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decided = moderate_application(
                application,
                marks=form.marks(),
                passes=form.passes(),
                discretionary_grounds_set_aside=form.grounds_set_aside(),
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except MembershipChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            outcome = "admitted" if decided.decision.is_admitted else "rejected"
            messages.success(request, f"{application.supplier} {outcome}")
            return redirect(_application_url(application))
    return render(
        request,
        "procurement/evaluate.html",
        {
            "application": application,
            "form": form,
            "answers": _answers(application),
            "moderating": True,
            "evaluations": evaluations,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_status(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    """The lead authority suspends, reinstates or removes a member, with the reason the supplier sees."""
    membership = get_object_or_404(
        Membership.objects.select_related("category__arrangement", "supplier__organisation"), pk=membership_id
    )
    arrangement = membership.category.arrangement
    if not is_lead_commissioner(request.user, arrangement) or membership.status == Membership.Status.REMOVED:
        raise Http404
    form = MembershipStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = {
            Membership.Status.SUSPENDED: suspend_membership,
            Membership.Status.ADMITTED: reinstate_membership,
            Membership.Status.REMOVED: remove_membership,
        }[form.cleaned_data["status"]]
        try:
            change(membership, reason=form.cleaned_data["reason"], by=request.user)
        except MembershipChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Membership of {membership.supplier} changed")
            return redirect(arrangement)
    return render(request, "procurement/membership_status.html", {"membership": membership, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def membership_rating(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    """The lead authority records a member's regulator rating as found on the register today."""
    membership = get_object_or_404(
        Membership.objects.select_related("category__arrangement", "supplier__organisation", "application"),
        pk=membership_id,
    )
    arrangement = membership.category.arrangement
    if not is_lead_commissioner(request.user, arrangement) or membership.status == Membership.Status.REMOVED:
        raise Http404
    form = RatingRecheckForm(
        request.POST or None,
        initial={
            "regulator_rating": membership.application.regulator_rating,
            "regulator_rating_date": membership.application.regulator_rating_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            rechecked = recheck_rating(
                membership,
                rating=form.cleaned_data["regulator_rating"],
                rated_on=form.cleaned_data["regulator_rating_date"],
                checked_on=timezone.localdate(),
                by=request.user,
            )
        except MembershipChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            suffix = ""
            if rechecked.suspended:
                suffix = ": rated inadequate, so the membership is suspended until you review it"
            messages.success(request, f"Rating of {membership.supplier} recorded{suffix}")
            return redirect(arrangement)
    return render(request, "procurement/membership_rating.html", {"membership": membership, "form": form})
