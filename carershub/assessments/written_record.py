"""The written record of an assessment's determination and its reasons (Care Act 2014 s.13(2)), for the carer.

`written_record` gathers what the record says, once, for both the accessible HTML page and the PDF; the PDF is
made with fpdf2 (pure Python). When no needs are eligible the record carries the advice and information s.13(5)
requires. It also says who carried out each step for which organisation, and under which delegation (s.79).
"""

import importlib.util
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

from django.utils import timezone
from fpdf import FPDF

from carershub.assessments.models import Assessment, Delegation
from carershub.assessments.rules.eligibility import (
    LIMB_LABELS,
    OUTCOME_LABELS,
    WELLBEING_DOMAIN_LABELS,
    Limb,
    Outcome,
    WellbeingDomain,
)
from carershub.assessments.selectors.assessment import questionnaire_scores

# The PDF's core font covers Latin-1 only; these are the characters people type that it lacks.
_LATIN_1_SUBSTITUTES: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
    }
)


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
    )


# Care Act 2014 s.13(5): when no needs are eligible, the written advice and information must be given; the record
# says why it is there.
S13_5_ADVICE: Final = (
    "None of your needs meet the eligibility criteria, so the Care Act 2014 s.13(5) says you must be given written "
    "advice and information about what can be done to meet or reduce your needs, and to prevent or delay needs "
    "developing in future."
)
DRAFT_MARK: Final = "Draft \u2013 not signed off"


@dataclass(frozen=True)
class FontFiles:
    """A Unicode TrueType family for the PDF: every letter of every name survives, not only Latin-1."""

    family: str
    regular: Path
    bold: Path


def unicode_font_files() -> FontFiles | None:
    """Roboto from the `font-roboto` package (Apache 2.0) when it is installed; None otherwise, and the PDF falls back
    to its Latin-1 core font. The font comes from a Python package, never from fonts the machine happens to have."""
    spec = importlib.util.find_spec("font_roboto")
    if spec is None or not spec.submodule_search_locations:
        return None
    files = Path(next(iter(spec.submodule_search_locations))) / "files"
    regular, bold = files / "Roboto-Regular.ttf", files / "Roboto-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return None
    return FontFiles("Roboto", regular, bold)


def _latin_1(text: str) -> str:
    return text.translate(_LATIN_1_SUBSTITUTES).encode("latin-1", "replace").decode("latin-1")


def _unchanged(text: str) -> str:
    return text


class _RecordPdf(FPDF):
    family = "Helvetica"

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.family, size=9)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


_FIND_FONTS: Final = object()


def written_record_pdf(
    record: WrittenRecord, *, compress: bool = True, fonts: FontFiles | object | None = _FIND_FONTS
) -> bytes:
    """The written record as a PDF the carer can be given: plain layout, large clear type, reading order as shown.

    With a Unicode font (`unicode_font_files()` by default) every character is kept; without one, characters outside
    Latin-1 become close equivalents or "?". Until it is signed off, every page is marked as a draft."""
    found = unicode_font_files() if fonts is _FIND_FONTS else fonts
    font = found if isinstance(found, FontFiles) else None
    pdf = _RecordPdf(format="A4")
    if font is not None:
        pdf.add_font(font.family, style="", fname=str(font.regular))
        pdf.add_font(font.family, style="B", fname=str(font.bold))
        pdf.family = font.family
    plain = _unchanged if font is not None else _latin_1
    family = pdf.family
    pdf.set_compression(compress)
    pdf.set_title(plain(f"{record.kind} {record.reference}: written record"))
    pdf.set_author("Carers Hub")
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_auto_page_break(auto=True, margin=20)
    width = pdf.epw

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font(family, style="B", size=size)
        pdf.multi_cell(width, 8, plain(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def paragraph(text: str) -> None:
        pdf.set_font(family, size=12)
        pdf.multi_cell(width, 6, plain(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def row(label: str, value: str) -> None:
        if value:
            pdf.set_font(family, style="B", size=12)
            pdf.multi_cell(width, 6, plain(label), new_x="LMARGIN", new_y="NEXT")
            paragraph(value)

    if not record.signed_off:
        heading(DRAFT_MARK.upper(), 16)
        paragraph("This record has not been signed off by a manager yet, so it may still change.")
    heading(f"{record.kind}: written record of the decision and the reasons", 18)
    paragraph("This is your written record, as the Care Act 2014 s.13(2) requires.")
    row("Carer", record.carer_name)
    row("Person cared for", record.cared_for_name)
    row("Reference", record.reference)
    row("Requested on", f"{record.requested_on:%-d %B %Y}")
    row("Started on", f"{record.started_on:%-d %B %Y}")
    row("Completed on", f"{record.completed_on:%-d %B %Y}" if record.completed_on else "Not completed yet")
    row("Who carried it out", f"{record.assessor}. {record.provenance}.")
    heading("The decision")
    paragraph(record.decision)
    row("Decided", record.determined)
    row("Signed off", record.signed_off or DRAFT_MARK)
    if record.scores:
        heading("Questionnaire scores")
        for label, value in record.scores:
            row(label, value)
    if record.unable_outcomes:
        heading("Outcomes the carer is unable to achieve")
        for outcome in record.unable_outcomes:
            row(outcome.label, "; ".join(outcome.limbs))
    if record.wellbeing_domains:
        heading("Areas of well-being significantly affected")
        for domain in record.wellbeing_domains:
            paragraph(f"- {domain}")
    if record.reasons or record.practitioner_reasons:
        heading("Reasons")
        for reason in record.reasons:
            paragraph(reason)
        if record.practitioner_reasons:
            paragraph(record.practitioner_reasons)
    if record.closed_reason:
        heading("Reasons")
        paragraph(record.closed_reason)
    if record.advice_and_information:
        heading("Advice and information")
        if record.needs_s13_5_advice:
            paragraph(S13_5_ADVICE)
        paragraph(record.advice_and_information)
    return bytes(pdf.output())
