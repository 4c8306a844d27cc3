"""Records of the loaded county data that endpoint paths name (imported once Django is set up)."""

from urllib.parse import quote

from bench.endpoints import DEMO_PROVIDER
from carershub.referrals.models import Referral


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
    return {
        "visible_carer_id": str(carer.pk),
        "visible_carer_family_name": quote(carer.family_name),
        "visible_carer_nhs_number": carer.nhs_number,
        "open_referral_reference": open_referral.reference,
    }
