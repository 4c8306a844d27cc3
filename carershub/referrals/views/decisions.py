"""A provider's decisions on a referral: accept, reject or transfer it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors
from carershub.referrals.forms import RejectReferralForm
from carershub.referrals.selectors import get_referral_to_decide, referrals_visible_to
from carershub.referrals.services.decisions import (
    CompetenceJudgementNeeded,
    ConsentRequired,
    RecordNotOpen,
    ReferralNotOpen,
    accept_referral,
    reject_referral,
    transfer_referral,
)
from carershub.referrals.services.submission import ReferralInvalid
from carershub.referrals.views.detail import REJECT_PREFIX, accept_form_for, render_detail, transfer_form_for


@login_required
@require_POST
@transaction.atomic
def accept(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_to_decide(request.user, reference)
    form = accept_form_for(referral, request.POST)
    if not form.is_valid() and referral.is_open():
        return render_detail(request, referral, accept_form=form)
    try:
        referral = accept_referral(
            referral,
            accepted_by=request.user,
            young_person_is_competent=form.cleaned_data.get("young_person_is_competent"),
        )
    except CompetenceJudgementNeeded:
        # The carer's consent changed between the page and the click: ask for the judgement now.
        return render_detail(request, referral, accept_form=accept_form_for(referral, request.POST))
    except RecordNotOpen:
        messages.error(request, "Record the carer's consent to share their record before accepting the referral")
    except ReferralNotOpen:
        messages.error(request, f"Referral {referral.reference} has already been decided")
    else:
        messages.success(request, f"Referral {referral.reference} accepted: {referral.provider} now has a case open")
    return redirect(referral)


@login_required
@require_POST
@transaction.atomic
def reject(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_to_decide(request.user, reference)
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = RejectReferralForm(request.POST, prefix=REJECT_PREFIX)
    if form.is_valid():
        try:
            referral = reject_referral(referral, rejected_by=request.user, reason=form.cleaned_data["reason"])
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ReferralInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Referral {referral.reference} rejected")
            return redirect(referral)
    return render_detail(request, referral, reject_form=form)


@login_required
@require_POST
@transaction.atomic
def transfer(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    user = request.user
    referral = get_referral_to_decide(user, reference)
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = transfer_form_for(user, referral, request.POST)
    if form.is_valid():
        to_provider = form.cleaned_data["to_provider"]
        try:
            referral = transfer_referral(
                referral,
                to_provider=to_provider,
                transferred_by=user,
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ConsentRequired:
            form.add_error(
                "to_provider",
                f"The carer has not agreed to share their information with {to_provider}. "
                "Ask them, or a manager can override with a reason",
            )
        except ReferralInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Referral {referral.reference} transferred to {to_provider}")
            # Staff of the provider it came from can no longer see it.
            if referrals_visible_to(user).filter(pk=referral.pk).exists():
                return redirect(referral)
            return redirect("referrals:inbox")
    return render_detail(request, referral, transfer_form=form)
