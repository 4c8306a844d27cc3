"""Opening the carer's record to the provider: recording their consent to share, or (with the override
permission) opening it without, with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors
from carershub.referrals.forms import ConsentToShareForm, OpenRecordWithoutConsentForm
from carershub.referrals.selectors import get_referral_to_decide
from carershub.referrals.services.consent import open_record_without_consent, record_consent_to_share
from carershub.referrals.services.decisions import ReferralNotOpen
from carershub.referrals.services.submission import ReferralInvalid
from carershub.referrals.views.detail import CONSENT_PREFIX, OVERRIDE_PREFIX, render_detail


@login_required
@require_POST
@transaction.atomic
def record_consent(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_to_decide(request.user, reference)
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = ConsentToShareForm(request.POST, prefix=CONSENT_PREFIX)
    if form.is_valid():
        try:
            referral = record_consent_to_share(referral, recorded_by=request.user, **form.cleaned_data)
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ReferralInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Consent recorded: the carer's record is now open to you")
            return redirect(referral)
    return render_detail(request, referral, consent_form=form)


@login_required
@require_POST
@transaction.atomic
def open_without_consent(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    user = request.user
    referral = get_referral_to_decide(user, reference)
    # Without the override permission the form is not offered, and the answer is the same as for a missing page.
    if not user.has_perm("referrals.override_consent"):
        raise Http404("No referral found")
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = OpenRecordWithoutConsentForm(request.POST, prefix=OVERRIDE_PREFIX)
    if form.is_valid():
        try:
            referral = open_record_without_consent(
                referral, opened_by=user, reason=form.cleaned_data["override_reason"]
            )
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ReferralInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "The carer's record is now open to you. Your reason has been recorded")
            return redirect(referral)
    return render_detail(request, referral, override_form=form)
