"""Carer voice: asking a carer for feedback, their one-use link, paper forms typed in, results by service (small
numbers suppressed), "you said, we did" (published on a public page) and co-production meetings."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.organisations.models import Organisation
from carershub.people.selectors import get_person_for_user
from carershub.support.forms import (
    AskForFeedbackForm,
    CoProductionForm,
    FeedbackForm,
    PaperFeedbackForm,
    YouSaidWeDidForm,
)
from carershub.support.models import CoProductionMeeting, YouSaidWeDid
from carershub.support.selectors import feedback_results, published_you_said_we_did, works_on_support
from carershub.support.services.contacts import SupportInvalid
from carershub.support.services.voice import (
    FeedbackLinkUnusable,
    add_you_said_we_did,
    answer_feedback,
    ask_for_feedback,
    record_co_production_meeting,
    record_paper_feedback,
    usable_request,
)


def _organisation(request: AuthenticatedHttpRequest) -> Organisation:
    if not works_on_support(request.user) or request.user.organisation is None:
        raise Http404
    return request.user.organisation


def _voice_page(request: AuthenticatedHttpRequest, **forms: Form) -> HttpResponse:
    organisation = _organisation(request)
    today = timezone.localdate()
    context = {
        "results": feedback_results(organisation.pk, since=today - timedelta(days=365)),
        "you_said_we_did": list(YouSaidWeDid.objects.filter(organisation=organisation)[:50]),
        "meetings": list(CoProductionMeeting.objects.filter(organisation=organisation)[:20]),
        "organisation": organisation,
        "paper_form": PaperFeedbackForm(initial={"answered_on": today}),
        "you_said_form": YouSaidWeDidForm(),
        "meeting_form": CoProductionForm(initial={"held_on": today}),
        **forms,
    }
    return render(request, "support/voice.html", context, status=400 if forms else 200)


@login_required
@require_GET
def voice(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _voice_page(request)


@login_required
@require_POST
@transaction.atomic
def paper_feedback(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = PaperFeedbackForm(request.POST)
    if form.is_valid():
        record_paper_feedback(
            organisation,
            by=request.user,
            service=form.cleaned_data["service"],
            answered_on=form.cleaned_data["answered_on"],
            answers=form.answers(),
        )
        messages.success(request, "Feedback recorded")
        return redirect("support:voice")
    return _voice_page(request, paper_form=form)


@login_required
@require_POST
@transaction.atomic
def you_said_we_did(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = YouSaidWeDidForm(request.POST)
    if form.is_valid():
        add_you_said_we_did(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, "Added to “you said, we did”")
        return redirect("support:voice")
    return _voice_page(request, you_said_form=form)


@login_required
@require_POST
@transaction.atomic
def co_production(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = CoProductionForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                record_co_production_meeting(organisation, by=request.user, **form.cleaned_data)
        except SupportInvalid as invalid:
            form.add_error(None, "; ".join(invalid.errors.values()))
        else:
            messages.success(request, "Meeting recorded")
            return redirect("support:voice")
    return _voice_page(request, meeting_form=form)


@login_required
@require_POST
@transaction.atomic
def ask(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    _organisation(request)
    carer = get_person_for_user(request.user, person_id)
    form = AskForFeedbackForm(request.POST, prefix="feedback")
    if not form.is_valid():
        raise Http404
    _, url = ask_for_feedback(
        carer, by=request.user, service=form.cleaned_data["service"], site_url=request.build_absolute_uri("/")
    )
    return render(request, "support/feedback_link.html", {"carer": carer, "url": url})


# The carer's side: no account, only the link ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@transaction.atomic
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    try:
        feedback_request = usable_request(token)
    except FeedbackLinkUnusable:
        return render(request, "support/public/feedback_unusable.html", status=404)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_feedback(token, answers=form.answers())
        except FeedbackLinkUnusable:
            return render(request, "support/public/feedback_unusable.html", status=404)
        return render(request, "support/public/feedback_thanks.html", {"organisation": feedback_request.organisation})
    return render(
        request, "support/public/feedback.html", {"form": form, "organisation": feedback_request.organisation}
    )


@require_GET
def public_you_said_we_did(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = Organisation.objects.filter(slug=slug, is_active=True).first()
    if organisation is None:
        raise Http404
    entries = published_you_said_we_did(organisation.pk, on=timezone.localdate())
    return render(request, "support/public/you_said_we_did.html", {"organisation": organisation, "entries": entries})
