"""Training courses for carers and professionals: sessions, who came (carers by name, professionals by
organisation and sector) and feedback entered from the day's forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Avg, Count, Sum
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.organisations.models import GPPractice, School
from carershub.people.selectors import get_person_for_user, search_people
from carershub.support.events import SupportEvent
from carershub.support.forms import (
    CourseForm,
    ProfessionalsTrainedForm,
    TrainingFeedbackForm,
    TrainingSessionForm,
)
from carershub.support.selectors import (
    courses_run_by,
    get_course_for_user,
    get_training_session_for_user,
    works_on_support,
)
from carershub.support.services.contacts import SupportInvalid
from carershub.support.services.training import (
    add_training_session,
    create_course,
    record_carer_trained,
    record_professionals_trained,
    record_training_feedback,
)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def courses(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not works_on_support(request.user) or request.user.organisation is None:
        raise Http404
    form = CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                course = create_course(request.user.organisation, by=request.user, **form.cleaned_data)
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            return redirect(course)
    return render(request, "support/courses.html", {"courses": list(courses_run_by(request.user)), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def course(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    chosen = get_course_for_user(request.user, course_id)
    form = TrainingSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                session = add_training_session(chosen, by=request.user, **form.cleaned_data)
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            return redirect(session)
    sessions = chosen.sessions.annotate(people=Sum("attendances__attendees"), rating=Avg("feedback__rating")).order_by(
        "-held_on", "pk"
    )
    return render(request, "support/course.html", {"course": chosen, "sessions": list(sessions), "form": form})


def _partners(session_area_id: int) -> list[tuple[str, str]]:
    schools = School.objects.filter(area_id=session_area_id, disabled_on__isnull=True).order_by("name")
    practices = GPPractice.objects.filter(area_id=session_area_id, disabled_on__isnull=True).order_by("name")
    return [(f"school:{s.pk}", s.name) for s in schools] + [(f"gp:{p.pk}", p.name) for p in practices]


def _session_page(request: AuthenticatedHttpRequest, session_id: int, **forms: Form) -> HttpResponse:
    session = get_training_session_for_user(request.user, session_id)
    query = request.GET.get("q", "").strip()[:100]
    feedback = session.feedback.aggregate(count=Count("pk"), average=Avg("rating"))
    attendances = list(session.attendances.select_related("carer").order_by("sector", "pk"))
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=session,
        area=session.area,
        purpose="training attendance",
        event=SupportEvent.TRAINING_VIEWED,
        detail={"carers": [a.carer_id for a in attendances if a.carer_id]},
    )
    context = {
        "session": session,
        "attendances": attendances,
        "feedback": feedback,
        "query": query,
        "matches": search_people(request.user, query, limit=20) if query else [],
        "professionals_form": ProfessionalsTrainedForm(partners=_partners(session.area_id)),
        "feedback_form": TrainingFeedbackForm(),
        **forms,
    }
    return render(request, "support/training_session.html", context, status=400 if forms else 200)


@login_required
@require_GET
@transaction.atomic
def training_session(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    return _session_page(request, session_id)


@login_required
@require_POST
@transaction.atomic
def professionals_trained(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = get_training_session_for_user(request.user, session_id)
    form = ProfessionalsTrainedForm(request.POST, partners=_partners(session.area_id))
    if form.is_valid():
        kind, _, pk = form.cleaned_data["partner"].partition(":")
        partner = (
            (School.objects.filter(pk=pk).first() if kind == "school" else GPPractice.objects.filter(pk=pk).first())
            if pk
            else None
        )
        try:
            with transaction.atomic():
                record_professionals_trained(
                    session,
                    by=request.user,
                    sector=form.cleaned_data["sector"],
                    attendees=form.cleaned_data["attendees"],
                    organisation_name=form.cleaned_data["organisation_name"],
                    partner=partner,
                )
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Attendance recorded")
            return redirect(session)
    return _session_page(request, session_id, professionals_form=form)


@login_required
@require_POST
@transaction.atomic
def carer_trained(request: AuthenticatedHttpRequest, session_id: int, person_id: int) -> HttpResponse:
    session = get_training_session_for_user(request.user, session_id)
    carer = get_person_for_user(request.user, person_id)
    try:
        with transaction.atomic():
            record_carer_trained(session, carer, by=request.user)
    except SupportInvalid as invalid:
        messages.error(request, "; ".join(invalid.errors.values()))
    else:
        messages.success(request, f"{carer.full_name} recorded as attending")
    return redirect(session)


@login_required
@require_POST
@transaction.atomic
def training_feedback(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = get_training_session_for_user(request.user, session_id)
    form = TrainingFeedbackForm(request.POST)
    if form.is_valid():
        record_training_feedback(session, by=request.user, **form.cleaned_data)
        messages.success(request, "Feedback recorded")
        return redirect(session)
    return _session_page(request, session_id, feedback_form=form)
