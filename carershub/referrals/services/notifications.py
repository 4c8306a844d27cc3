"""Telling the referrer what happened to a referral. Sent once the change is committed (core.messaging): a mail
failure is logged and never undoes the decision. Email is not a secure channel, so messages name the referral by its
reference and the provider, never the carer."""

from carershub.core.messaging import email_each_after_commit
from carershub.organisations.models import Organisation
from carershub.people.models import Consent
from carershub.people.selectors import has_consent_to_contact
from carershub.referrals.models import Referral


def _referrer_address(referral: Referral) -> str:
    """Where to tell the referrer what happened. A carer who referred themselves is emailed only if they agreed to
    be contacted by email (SMS and letters are not sent from here)."""
    if referral.source == Referral.Source.SELF:
        carer = referral.carer
        return carer.email if carer.email and has_consent_to_contact(carer, Consent.Channel.EMAIL) else ""
    return referral.referrer_email


def tell_referrer(referral: Referral, *, accepted: bool) -> None:
    """Referrers hear the outcome. A GP practice is also asked to record the patient as a carer (SNOMED CT
    224484003, "patient themselves providing care"), which is how GP carers' registers are kept."""
    recipient = _referrer_address(referral)
    if not recipient:
        return
    themselves = referral.source == Referral.Source.SELF
    if accepted and themselves:
        body = (
            f"Your request for support (reference {referral.reference}) has been accepted by {referral.provider}. "
            "They will contact you soon."
        )
    elif accepted:
        body = f"Referral {referral.reference} has been accepted by {referral.provider}. They will contact the carer."
        if referral.source == Referral.Source.GP_PRACTICE:
            body += (
                "\n\nPlease record the patient as a carer in their GP record "
                "(SNOMED CT 224484003 'Patient themselves providing care')."
            )
    elif themselves:
        body = (
            f"{referral.provider} could not take on your request for support (reference {referral.reference}).\n\n"
            f"Reason: {referral.rejection_reason}"
        )
    else:
        body = (
            f"Referral {referral.reference} was not accepted by {referral.provider}.\n\n"
            f"Reason: {referral.rejection_reason}"
        )
    subject = f"Carers Hub referral {referral.reference}: {'accepted' if accepted else 'not accepted'}"
    email_each_after_commit(subject, body, [recipient], about="the outcome of a referral")


def tell_referrer_of_transfer(referral: Referral, *, from_provider: Organisation) -> None:
    """The referrer (or a carer who referred themselves, by consented email) hears who now has the referral."""
    recipient = _referrer_address(referral)
    if not recipient:
        return
    whose = "Your request for support" if referral.source == Referral.Source.SELF else "Referral"
    body = (
        f"{whose} {referral.reference} has been passed from {from_provider} to {referral.provider}, "
        "who will decide on it."
    )
    subject = f"Carers Hub referral {referral.reference}: passed to {referral.provider}"
    email_each_after_commit(subject, body, [recipient], about="the outcome of a referral")
