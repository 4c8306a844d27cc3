"""The written record of an assessment's determination and its reasons (Care Act 2014 s.13(2)), for the carer.

`written_record` gathers what the record says, once, for both the accessible HTML page and the PDF; the PDF is
made from the page's own template (core.pdf). When no needs are eligible the record carries the advice and
information s.13(5) requires. It also says who carried out each step for which organisation, and under which
delegation (s.79).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from django.utils import timezone

from carershub.assessments.models import Assessment, Delegation, Review
from carershub.assessments.rules.eligibility import (
    LIMB_LABELS,
    OUTCOME_LABELS,
    WELLBEING_DOMAIN_LABELS,
    Limb,
    Outcome,
    WellbeingDomain,
)
from carershub.assessments.selectors.assessment import questionnaire_scores
from carershub.core.pdf import pdf_from_template


@dataclass(frozen=True)
class UnableOutcome:
    label: str
    limbs: tuple[str, ...]


@dataclass(frozen=True)
class WrittenRecord:
    reference: str
    kind: str
    status: str
    carer_name: str
    cared_for_name: str
    requested_on: date
    started_on: date
    completed_on: date | None
    carried_out_by: str
    assessor: str
    provenance: str  # "Carried out by X under delegation REF from COUNCIL" (s.79), or by the council itself
    decision: str
    eligible: bool | None
    reasons: tuple[str, ...]
    practitioner_reasons: str
    unable_outcomes: tuple[UnableOutcome, ...]
    wellbeing_domains: tuple[str, ...]
    advice_and_information: str
    determined: str
    signed_off: str
    closed_reason: str
    scores: tuple[tuple[str, str], ...] = ()  # a young carer's MACA-YC18 and PANOC-YC20 scores, (label, value)
    # A carer's assessment that found no eligible needs: the record carries the s.13(5) advice and information.
    needs_s13_5_advice: bool = False
    # In plain English for the carer: which law gives them this record, what happens next, when the review is, and
    # how to complain (the council first, then the Local Government and Social Care Ombudsman).
    legal_basis: str = ""
    next_steps: tuple[str, ...] = ()
    review_due: date | None = None
    review_kind: str = ""
    complaints_details: str = ""


def provenance(assessment: Assessment) -> str:
    """Who carried out the assessment, and on whose authority (Care Act 2014 s.79)."""
    delegation: Delegation | None = assessment.delegation
    if delegation is None:
        return f"Carried out by {assessment.organisation}"
    return f"Carried out by {assessment.organisation} under delegation {delegation.reference} from {delegation.council}"


def _when(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}" if moment else ""


def _decision(assessment: Assessment) -> str:
    if assessment.status == Assessment.Status.REFUSED:
        return "The carer refused the assessment (Care Act 2014 s.11)."
    if assessment.status == Assessment.Status.REQUEST_DECLINED:
        return "The request for a transition assessment was declined (Care Act 2014 s.60(6) and s.63(5))."
    if assessment.determined_at is None:
        return "Not decided yet."
    if assessment.kind == Assessment.Kind.CARERS:
        return (
            "The carer's needs meet the eligibility criteria."
            if assessment.eligible
            else "The carer's needs do not meet the eligibility criteria."
        )
    if assessment.kind in {Assessment.Kind.YOUNG_CARER_TRANSITION, Assessment.Kind.CHILD_CARER_TRANSITION}:
        return "Indication of likely eligibility after 18: " + {
            "yes": "some needs are likely to be eligible.",
            "no": "needs are not likely to be eligible.",
        }.get(str(assessment.decision.get("likely_eligible")), "not yet clear.")
    return "Has needs for support." if assessment.eligible else "Does not have needs for support."


# Which law says the record must be given, by kind. A young carer's or parent carer's record is given under the
# Children Act 1989 (as amended by the Children and Families Act 2014 ss.96-97), not the Care Act's s.13.
_LEGAL_BASIS: Final = {
    Assessment.Kind.CARERS: (
        "You are given this record because the Care Act 2014 s.13(2) says the council must give you a written "
        "record of its decision and the reasons for it."
    ),
    Assessment.Kind.YOUNG_CARERS_NEEDS: (
        "You are given this record because the Children Act 1989 s.17ZA and the Young Carers (Needs Assessments) "
        "Regulations 2015 say the council must give a written record of the assessment to you, to your parents and "
        "to anyone you ask."
    ),
    Assessment.Kind.PARENT_CARERS_NEEDS: (
        "You are given this record because the Children Act 1989 s.17ZD says the council must give you a written "
        "record of the assessment."
    ),
    Assessment.Kind.YOUNG_CARER_TRANSITION: (
        "You are given this record because the Care Act 2014 s.63 and s.64 say the council must give you a written "
        "record of a young carer's transition assessment."
    ),
    Assessment.Kind.CHILD_CARER_TRANSITION: (
        "You are given this record because the Care Act 2014 s.60 and s.61 say the council must give you a written "
        "record of a child's carer's transition assessment."
    ),
}
_ASK_AGAIN: Final = "If your needs or your circumstances change, you can ask for a new assessment at any time."


def _next_steps(assessment: Assessment) -> tuple[str, ...]:
    """What happens now, in plain English, with the section that says so."""
    if assessment.status in {Assessment.Status.REFUSED, Assessment.Status.REQUEST_DECLINED}:
        return ("You can ask for an assessment again at any time.",)
    if assessment.determined_at is None:
        return ("The decision has not been made yet. You will be given this record again when it has.",)
    kind = assessment.kind
    if kind == Assessment.Kind.CARERS and assessment.eligible:
        return (
            "The council must now agree a support plan with you, saying how your eligible needs will be met "
            "(Care Act 2014 s.24 and s.25).",
            "The plan tells you your personal budget: what it costs to meet your needs. You can ask to have it as a "
            "direct payment and arrange the support yourself (Care Act 2014 s.31).",
        )
    if kind == Assessment.Kind.CARERS:
        return (
            "The council does not have to meet these needs, but the advice and information below say what can help "
            "now, and how to stop needs growing in future.",
            _ASK_AGAIN,
        )
    if kind == Assessment.Kind.YOUNG_CARERS_NEEDS:
        return (
            "The council decides whether you have needs for support, whether services for children in need could "
            "meet them, and whether to provide those services (Children Act 1989 s.17ZC).",
            _ASK_AGAIN,
        )
    if kind == Assessment.Kind.PARENT_CARERS_NEEDS:
        return (
            "The council decides whether you and your child have needs for support, whether services for children in "
            "need could meet them, and whether to provide those services (Children Act 1989 s.17ZF).",
            _ASK_AGAIN,
        )
    return (
        "This assessment looks ahead to when you or the person you care for turns 18, so that support can be planned "
        "in good time. Nothing changes until then.",
        _ASK_AGAIN,
    )


def written_record(assessment: Assessment) -> WrittenRecord:
    """What the written record says, read once for the page and the PDF."""
    unable: list[UnableOutcome] = []
    if assessment.kind == Assessment.Kind.CARERS and assessment.determined_at is not None:
        # As stored when the determination was made, never the live section (which may have changed since).
        limbs_of = assessment.decision.get("outcome_limbs") or {}
        for code in assessment.decision.get("unable_outcomes") or []:
            if code not in Outcome._value2member_map_:
                continue
            limbs = limbs_of.get(code) if isinstance(limbs_of, dict) else None
            unable.append(
                UnableOutcome(
                    OUTCOME_LABELS[Outcome(code)],
                    tuple(
                        LIMB_LABELS[Limb(limb)]
                        for limb in (limbs if isinstance(limbs, list) else [])
                        if limb in Limb._value2member_map_
                    ),
                )
            )
    determined = ""
    if assessment.determined_at is not None:
        determined = (
            f"{_when(assessment.determined_at)} by {assessment.determined_by} ({assessment.determined_by_organisation})"
        )
    scores = questionnaire_scores(assessment) if assessment.kind == Assessment.Kind.YOUNG_CARERS_NEEDS else None
    signed_off = ""
    if assessment.signed_off_at is not None:
        signed_off = (
            f"{_when(assessment.signed_off_at)} by {assessment.signed_off_by} ({assessment.signed_off_by_organisation})"
        )
    review = assessment.reviews.filter(status=Review.Status.SCHEDULED).order_by("due_on").first()
    return WrittenRecord(
        reference=assessment.reference,
        kind=assessment.get_kind_display(),
        status=assessment.get_status_display(),
        carer_name=assessment.carer.full_name,
        cared_for_name=assessment.cared_for.full_name if assessment.cared_for else "",
        requested_on=assessment.requested_on,
        started_on=timezone.localdate(assessment.started_at),
        completed_on=assessment.completed_on,
        carried_out_by=str(assessment.organisation),
        assessor=str(assessment.assessor),
        provenance=provenance(assessment),
        decision=_decision(assessment),
        eligible=assessment.eligible,
        reasons=tuple(str(reason) for reason in assessment.determination_reasons),
        practitioner_reasons=assessment.significant_impact_reasons,
        unable_outcomes=tuple(unable),
        wellbeing_domains=tuple(
            WELLBEING_DOMAIN_LABELS[WellbeingDomain(domain)]
            for domain in assessment.impacted_wellbeing_domains
            if domain in WellbeingDomain._value2member_map_
        ),
        advice_and_information=assessment.advice_and_information,
        determined=determined,
        signed_off=signed_off,
        closed_reason=assessment.closed_reason,
        scores=scores.lines if scores is not None else (),
        needs_s13_5_advice=assessment.kind == Assessment.Kind.CARERS
        and assessment.determined_at is not None
        and assessment.eligible is False,
        legal_basis=_LEGAL_BASIS.get(Assessment.Kind(assessment.kind), ""),
        next_steps=_next_steps(assessment),
        review_due=review.due_on if review is not None else None,
        review_kind=review.get_kind_display().lower() if review is not None else "",
        complaints_details=assessment.area.complaints_details,
    )


# Care Act 2014 s.13(5): when no needs are eligible, the written advice and information must be given; the record
# says why it is there.
S13_5_ADVICE: Final = (
    "None of your needs meet the eligibility criteria, so the Care Act 2014 s.13(5) says you must be given written "
    "advice and information about what can be done to meet or reduce your needs, and to prevent or delay needs "
    "developing in future."
)
DRAFT_MARK: Final = "Draft \u2013 not signed off"


def written_record_pdf(record: WrittenRecord) -> bytes:
    """The written record as a tagged PDF (core.pdf) made from the same template as the page: the carer can be given
    it, a screen reader reads it as it reads the page, and every letter of every name is kept. Until a manager signs
    it off, it says it is a draft."""
    return pdf_from_template("assessments/assessment/record_pdf.html", {"record": record, "draft_mark": DRAFT_MARK})
