"""A referral's page: the referral as sent, what the user may see of the carer's record, and the forms for deciding
on it. The decision views show it again, with the submitted form, when a form has a problem."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from carershub.accounts.models import Role, User
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.rules import age_on
from carershub.people.selectors import (
    consents_awaiting_competence_judgement,
    contact_channels_agreed,
    find_likely_duplicates,
    has_consent_to_share,
    people_visible_to,
)
from carershub.referrals.forms import (
    AcceptReferralForm,
    ConsentToShareForm,
    OpenRecordWithoutConsentForm,
    RejectReferralForm,
    TransferReferralForm,
)
from carershub.referrals.models import Referral
from carershub.referrals.selectors import can_decide, get_referral_for_user, transfer_destinations, transfers_of

ACCEPT_PREFIX = "accept"
CONSENT_PREFIX = "consent"
OVERRIDE_PREFIX = "override"
REJECT_PREFIX = "reject"
TRANSFER_PREFIX = "transfer"


@login_required
@require_GET
@transaction.atomic
def detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_for_user(request.user, reference)
    return render_detail(request, referral)


def render_detail(
    request: AuthenticatedHttpRequest,
    referral: Referral,
    *,
    accept_form: AcceptReferralForm | None = None,
    reject_form: RejectReferralForm | None = None,
    transfer_form: TransferReferralForm | None = None,
    consent_form: ConsentToShareForm | None = None,
    override_form: OpenRecordWithoutConsentForm | None = None,
) -> HttpResponse:
    """The referral page, with the forms as submitted when one of them had a problem. Showing it is audited.

    While the carer's record is closed to the provider (Referral.awaits_consent_to_share), its staff see the
    referral as it was sent and nothing from the record: not even whether the carer was already known."""
    user = request.user
    carer = referral.carer
    duplicates = [person for person in likely_duplicates(carer) if person.pk != carer.pk]
    related_ids = [carer.pk, referral.cared_for_id, carer.merged_into_id, *(person.pk for person in duplicates)]
    visible_ids = set(
        people_visible_to(user).filter(pk__in=[pk for pk in related_ids if pk]).values_list("pk", flat=True)
    )
    # Shown from the record only while the user may see it: the council, which keeps the statutory duty, or a
    # provider working with the carer. Before consent opens it, and once the work has ended (rejected, case closed),
    # the page shows the carer as the referrer named them and nothing the record holds.
    record_closed = carer.pk not in visible_ids and carer.merged_into_id not in visible_ids
    if record_closed:
        duplicates, visible_ids = [], set()
    submitted_form: Form | None = None
    deciding = can_decide(user, referral)
    if deciding:
        accept_form = accept_form or accept_form_for(referral)
        reject_form = reject_form or RejectReferralForm(prefix=REJECT_PREFIX)
        transfer_form = transfer_form or transfer_form_for(user, referral)
        if referral.awaits_consent_to_share:
            consent_form = consent_form or ConsentToShareForm(prefix=CONSENT_PREFIX)
            if user.has_perm("referrals.override_consent"):
                override_form = override_form or OpenRecordWithoutConsentForm(prefix=OVERRIDE_PREFIX)
        forms = (accept_form, reject_form, transfer_form, consent_form, override_form)
        submitted_form = next((form for form in forms if form is not None and form.is_bound), None)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=carer,
        area=referral.area,
        purpose="referral review",
        detail={"referral": referral.reference} | ({"record_closed": True} if record_closed else {}),
    )
    today = timezone.localdate()
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "record_closed": record_closed,
            "contact_channels": [] if record_closed else contact_channels_agreed(carer),
            "carer_age": None if record_closed else age_or_none(carer.date_of_birth, today),
            "cared_for_age": age_or_none(referral.cared_for.date_of_birth, today)
            if referral.cared_for and not record_closed
            else None,
            "visible_ids": visible_ids,
            "can_decide": deciding,
            # Likely duplicates name other records: only those the user may already see are shown.
            "duplicates": [person for person in duplicates if person.pk in visible_ids],
            "may_merge": user.has_role(Role.MANAGER),
            "transfers": list(transfers_of(referral)),
            "accept_form": accept_form,
            "reject_form": reject_form,
            "transfer_form": transfer_form,
            "consent_form": consent_form,
            "override_form": override_form,
            "form": submitted_form,
        },
    )


def likely_duplicates(carer: Person) -> list[Person]:
    if carer.is_merged():
        return []
    return find_likely_duplicates(
        carer.area,
        nhs_number=carer.nhs_number,
        given_name=carer.given_name,
        family_name=carer.family_name,
        date_of_birth=carer.date_of_birth,
        postcode=carer.postcode,
    )


def accept_form_for(referral: Referral, data: QueryDict | None = None) -> AcceptReferralForm:
    return AcceptReferralForm(
        data,
        needs_competence_judgement=bool(consents_awaiting_competence_judgement(referral.carer)),
        prefix=ACCEPT_PREFIX,
    )


def transfer_form_for(user: User, referral: Referral, data: QueryDict | None = None) -> TransferReferralForm:
    providers = transfer_destinations(referral)
    without_consent = frozenset(
        provider.pk for provider in providers if not has_consent_to_share(referral.carer, provider)
    )
    return TransferReferralForm(
        data,
        providers=providers,
        without_consent=without_consent,
        may_override=user.has_perm("referrals.override_consent"),
        prefix=TRANSFER_PREFIX,
    )


def age_or_none(date_of_birth: date | None, today: date) -> int | None:
    if date_of_birth is None or date_of_birth > today:
        return None
    return age_on(date_of_birth, today)
