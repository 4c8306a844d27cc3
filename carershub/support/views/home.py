"""Everyday support's start page: follow-ups due, groups, training, carer voice and the community fund."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from carershub.core.access import AuthenticatedHttpRequest
from carershub.support.selectors import follow_ups_due_count, works_on_support


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not works_on_support(request.user):
        raise Http404
    due = follow_ups_due_count(request.user, today=timezone.localdate())
    return render(request, "support/home.html", {"follow_ups_due": due})
