"""The written record as a tagged PDF (PDF/UA-1) from the page's own template: every letter of a name kept, a draft
mark until a manager signs it off, and in plain English what happens next, the review and how to complain. No
database: the record is a value."""

from dataclasses import replace
from datetime import date

from carershub.assessments.written_record import WrittenRecord, written_record_pdf
from carershub.core.tests.pdf_checks import read_tagged_pdf

RECORD = WrittenRecord(
    reference="A7K3M9P2Q",
    kind="Carer's assessment",
    status="Completed",
    carer_name="Zoë Łukasz-Ğökçe",
    cared_for_name="Anna Nowak",
    requested_on=date(2026, 1, 5),
    started_on=date(2026, 1, 12),
    completed_on=date(2026, 2, 2),
    carried_out_by="Mersey Vale Carers Centre",
    assessor="Priya Patel",
    provenance="Carried out by Mersey Vale Carers Centre",
    decision="The carer's needs do not meet the eligibility criteria.",
    eligible=False,
    reasons=("The carer's needs do not meet the eligibility criteria (reg 3(1)).",),
    practitioner_reasons="She manages well \u2013 with her family\u2019s help.",
    unable_outcomes=(),
    wellbeing_domains=(),
    advice_and_information="The carers centre runs a peer group on Tuesdays.",
    determined="2 February 2026 by Priya Patel (Mersey Vale Carers Centre)",
    signed_off="3 February 2026 by Mark Owens (Mersey Vale Carers Centre)",
    closed_reason="",
    needs_s13_5_advice=True,
    legal_basis="You are given this record because the Care Act 2014 s.13(2) says the council must give you a written "
    "record of its decision and the reasons for it.",
    next_steps=("The council does not have to meet these needs.",),
    review_due=date(2027, 2, 2),
    review_kind="annual review",
    complaints_details="Write to the Complaints Team, Mersey Vale Council.",
)


def test_the_pdf_is_tagged_with_title_language_and_headings() -> None:
    pdf = read_tagged_pdf(written_record_pdf(RECORD))

    assert pdf.title == "Carer's assessment A7K3M9P2Q: written record"
    assert pdf.language == "en-GB"
    assert {"H1", "H2"} <= pdf.structure


def test_every_letter_of_a_name_and_of_what_was_typed_is_kept() -> None:
    text = read_tagged_pdf(written_record_pdf(RECORD)).text

    assert "Zoë Łukasz-Ğökçe" in text
    assert "She manages well \u2013 with her family\u2019s help." in text


def test_a_record_not_signed_off_is_marked_as_a_draft_on_every_page() -> None:
    draft = read_tagged_pdf(written_record_pdf(replace(RECORD, signed_off=""))).text
    final = read_tagged_pdf(written_record_pdf(RECORD)).text

    assert "Draft \u2013 not signed off" in draft
    assert "Draft" not in final


def test_the_s13_5_advice_is_explained_only_when_no_needs_are_eligible() -> None:
    not_eligible = read_tagged_pdf(written_record_pdf(RECORD)).text
    eligible = read_tagged_pdf(written_record_pdf(replace(RECORD, eligible=True, needs_s13_5_advice=False))).text

    assert "s.13(5) says you must be given" in not_eligible
    assert "s.13(5)" not in eligible
    assert "peer group on Tuesdays" in eligible


def test_the_record_says_why_it_is_given_what_happens_next_the_review_and_how_to_complain() -> None:
    text = read_tagged_pdf(written_record_pdf(RECORD)).text

    assert "the Care Act 2014 s.13(2) says the council must give you a written record" in text
    assert "What happens next The council does not have to meet these needs." in text
    assert "The next annual review is due by 2 February 2027." in text
    assert "Write to the Complaints Team, Mersey Vale Council." in text
    assert "Local Government and Social Care Ombudsman" in text


def test_without_the_council_s_complaints_details_the_record_still_says_how_to_complain() -> None:
    text = read_tagged_pdf(written_record_pdf(replace(RECORD, complaints_details=""))).text

    assert "Ask the council for its complaints procedure" in text
    assert "www.lgo.org.uk" in text
