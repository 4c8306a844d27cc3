"""Records of the loaded county data that endpoint paths name (imported once Django is set up)."""

from datetime import timedelta
from urllib.parse import quote, urlencode

from django.utils import timezone

from bench.endpoints import DEMO_PROVIDER, RESPONDER
from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.commissioning.models import Contract
from carershub.commissioning.rules.rag import financial_quarter
from carershub.emergency_response.models import Activation, EmergencyCard
from carershub.emergency_response.services.activations import open_activation
from carershub.procurement.models import PackageRequest
from carershub.referrals.models import Referral
from carershub.support.records import bench_support_records
from carershub.support_plans.models import SupportPlan


def path_values() -> dict[str, str]:
    """A carer the demo practitioner's organisation works with, and an open referral in its inbox.

    The carer's family name is searched as typed; it is shared by many carers at county scale, as common names are.
    """
    accepted = (
        Referral.objects.filter(provider__slug=DEMO_PROVIDER, status=Referral.Status.ACCEPTED)
        .exclude(carer__nhs_number="")
        .select_related("carer")
        .order_by("reference")
        .first()
    )
    open_referral = (
        Referral.objects.filter(provider__slug=DEMO_PROVIDER, status=Referral.Status.OPEN).order_by("reference").first()
    )
    if accepted is None or open_referral is None:
        raise RuntimeError("The county data has no accepted and open referrals for the demo provider; reseed it.")
    carer = accepted.carer
    assessment = (
        Assessment.objects.filter(
            organisation__slug=DEMO_PROVIDER, kind=Assessment.Kind.CARERS, status=Assessment.Status.IN_PROGRESS
        )
        .order_by("reference")
        .first()
    )
    card = (
        EmergencyCard.objects.filter(status=EmergencyCard.Status.ACTIVE, area__slug="mersey-vale").order_by("pk").last()
    )
    # The contract the activity seeder loaded (the first with a provider), seen by the demo commissioner.
    contract = Contract.objects.filter(lots__provider__isnull=False).order_by("pk").first()
    if assessment is None or card is None or contract is None:
        raise RuntimeError("The county data has no assessment, emergency card or contract for the demo; reseed it.")
    return {
        "supplier_package_reference": _supplier_package_reference(),
        **_support_plan_values(),
        "open_activation_id": str(_open_activation(card).pk),
        "assessment_reference": assessment.reference,
        "active_card_number": card.number,
        "contract_reference": contract.reference,
        "visible_carer_id": str(carer.pk),
        "visible_carer_family_name": quote(carer.family_name),
        "visible_carer_nhs_number": carer.nhs_number,
        "open_referral_reference": open_referral.reference,
        **bench_support_records(DEMO_PROVIDER),
        "directory_service_id": _published_service_id(),
        **_today(),
    }


def _today() -> dict[str, str]:
    """Today's date as a GOV.UK date field posts it (a contact logged today)."""
    today = timezone.localdate()
    return {"today_day": str(today.day), "today_month": str(today.month), "today_year": str(today.year)}


def _open_activation(card: EmergencyCard) -> Activation:
    """The demo responder's open activation of a card, opened through the service (with its reason) if none is."""
    responder = User.objects.get(email=RESPONDER)
    activation = Activation.objects.filter(opened_by=responder, closed_at__isnull=True).order_by("pk").first()
    if activation is None:
        activation = open_activation(card, by=responder, reason="Benchmark: the responder's screen").activation
    return activation


def _supplier_package_reference() -> str:
    """An open package request the demo supplier was invited to (issue 16's supplier-facing page)."""
    package_request = (
        PackageRequest.objects.filter(
            invitations__supplier__organisation__slug="brightwater-home-care", deadline__gt=timezone.now()
        )
        .order_by("-published_at")
        .first()
    )
    if package_request is None:
        raise RuntimeError("The county data has no open package request for the demo supplier; reseed it.")
    return package_request.reference


def _support_plan_values() -> dict[str, str]:
    """An agreed plan of the demo provider's, and the last full financial quarter for the finance export."""
    plan = (
        SupportPlan.objects.filter(organisation__slug=DEMO_PROVIDER, status=SupportPlan.Status.AGREED)
        .order_by("reference")
        .first()
    )
    if plan is None:
        raise RuntimeError("The county data has no agreed support plan for the demo provider; reseed it.")
    quarter = financial_quarter(financial_quarter(timezone.localdate()).start - timedelta(days=1))
    dates = {
        f"{name}_{part}": str(getattr(day, part))
        for name, day in (("start", quarter.start), ("end", quarter.end))
        for part in ("day", "month", "year")
    }
    return {"support_plan_reference": plan.reference, "finance_export_quarter": urlencode(dates)}


def _published_service_id() -> str:
    """A published directory entry (issue 15), by name so the same one is measured on every run."""
    from carershub.directory.models import Service

    service = Service.objects.filter(publication=Service.Publication.PUBLISHED).order_by("name", "pk").first()
    if service is None:
        raise RuntimeError("The county data has no published directory entries; reseed it.")
    return str(service.pk)
