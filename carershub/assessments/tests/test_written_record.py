"""The written record as a PDF: every letter kept with a Unicode TrueType font, a Latin-1 fallback without one, and
a draft mark until a manager signs it off. No database: the record is a value."""

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

from carershub.assessments.written_record import FontFiles, WrittenRecord, unicode_font_files, written_record_pdf

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
)


def _test_font(path: Path) -> Path:
    """A TrueType font made on the spot (a box for every letter the record uses), so the Unicode path is tested
    without any font installed on the machine."""
    codepoints = [*range(32, 0x250), 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2022]
    names = [".notdef", *(f"uni{code:04X}" for code in codepoints)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({code: f"uni{code:04X}" for code in codepoints})
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()
    box = pen.glyph()
    builder.setupGlyf(dict.fromkeys(names, box))
    builder.setupHorizontalMetrics(dict.fromkeys(names, (500, 50)))
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "TestSans", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    data = io.BytesIO()
    builder.save(data)
    path.write_bytes(data.getvalue())
    return path


@pytest.fixture
def unicode_font(tmp_path: Path) -> FontFiles:
    font = _test_font(tmp_path / "test-sans.ttf")
    return FontFiles("TestSans", regular=font, bold=font)


def test_with_a_unicode_font_every_letter_of_a_name_is_kept(unicode_font: FontFiles) -> None:
    pdf = written_record_pdf(RECORD, compress=False, fonts=unicode_font)

    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # the font is embedded, so the carer's copy shows it wherever it is opened
    # The text maps back to Ł, Ğ, ö, ç and the en dash (the PDF's ToUnicode table), not to "?".
    for code in (b"<0141>", b"<011E>", b"<00F6>", b"<00E7>", b"<2013>"):
        assert code in pdf


def test_without_a_unicode_font_the_core_font_keeps_latin_1_and_replaces_the_rest() -> None:
    pdf = written_record_pdf(RECORD, compress=False, fonts=None)

    assert pdf.startswith(b"%PDF")
    assert "Zoë ?ukasz-?ökçe".encode("latin-1") in pdf
    assert b"She manages well - with her family's help." in pdf


def test_a_record_not_signed_off_is_marked_as_a_draft() -> None:
    draft = written_record_pdf(replace(RECORD, signed_off=""), compress=False, fonts=None)
    final = written_record_pdf(RECORD, compress=False, fonts=None)

    assert b"DRAFT - NOT SIGNED OFF" in draft
    assert b"DRAFT" not in final


def test_the_s13_5_advice_is_explained_only_when_no_needs_are_eligible() -> None:
    not_eligible = written_record_pdf(RECORD, compress=False, fonts=None)
    eligible = written_record_pdf(replace(RECORD, eligible=True, needs_s13_5_advice=False), compress=False, fonts=None)

    assert rb"s.13\(5\) says you must be given" in not_eligible  # parentheses are escaped in PDF strings
    assert rb"s.13\(5\)" not in eligible
    assert b"peer group on Tuesdays" in eligible


def test_the_installed_service_writes_the_record_with_the_unicode_font_by_default() -> None:
    # font-roboto is a pinned dependency: a deployment never falls back to the Latin-1 core font.
    found = unicode_font_files()
    assert found is not None
    assert found.family == "Roboto"

    pdf = written_record_pdf(RECORD, compress=False)

    assert b"/FontFile2" in pdf
    assert b"<0141>" in pdf  # the Ł of Łukasz is kept
