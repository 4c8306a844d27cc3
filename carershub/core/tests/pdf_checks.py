"""A structural PDF/UA-1 check for tests: what veraPDF's machine-checkable rules look at first, read with pikepdf.

It checks that the PDF is tagged (MarkInfo, a structure tree with headings), declares its language and shows its
title, claims PDF/UA-1 in its metadata, embeds every font, gives every figure alternative text, and it returns the
text (with pypdf) so a test can check that every letter of a name survived.
"""

from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pikepdf
from pypdf import PdfReader


@dataclass(frozen=True)
class TaggedPdf:
    title: str
    language: str
    structure: frozenset[str]  # the structure element types present, e.g. {"H1", "H2", "P", "L"}
    text: str  # the words in reading order, with every run of white space as one space


def _structure_types(element: pikepdf.Object, found: set[str], figures_without_alt: list[str]) -> None:
    if isinstance(element, pikepdf.Array):
        for child in element:
            _structure_types(child, found, figures_without_alt)
        return
    if not isinstance(element, pikepdf.Dictionary):
        return
    if "/S" in element:
        kind = str(element.S).lstrip("/")
        found.add(kind)
        if kind == "Figure" and not str(element.get("/Alt", "")).strip():
            figures_without_alt.append(kind)
    if "/K" in element:
        _structure_types(element.K, found, figures_without_alt)


def _fonts_embedded(pdf: pikepdf.Pdf) -> bool:
    for page in pdf.pages:
        fonts: Any = page.Resources.get("/Font", pikepdf.Dictionary())
        for font in fonts.values():
            descendants = font.get("/DescendantFonts")
            described = descendants[0] if descendants is not None else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                return False
    return True


def read_tagged_pdf(data: bytes) -> TaggedPdf:
    """Fail with a message naming the rule if the PDF is not a tagged PDF/UA-1 document."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    with pikepdf.open(BytesIO(data)) as pdf:
        root = pdf.Root
        mark_info: Any = root.get("/MarkInfo", pikepdf.Dictionary())
        assert mark_info.get("/Marked") is True, "PDF/UA 7.1: the document must be marked as tagged"
        assert "/StructTreeRoot" in root, "PDF/UA 7.1: the document must have a structure tree"
        language = str(root.get("/Lang", ""))
        assert language, "PDF/UA 7.2: the document must declare its natural language"
        preferences: Any = root.get("/ViewerPreferences", pikepdf.Dictionary())
        assert preferences.get("/DisplayDocTitle") is True, "PDF/UA 7.1: the title, not the file name, is shown"
        metadata = pdf.open_metadata()
        assert str(metadata.get("pdfuaid:part", "")) == "1", "PDF/UA 5: the metadata must claim PDF/UA-1"
        title = str(metadata.get("dc:title", ""))
        assert title.strip(), "PDF/UA 7.1: the document must have a title"
        found: set[str] = set()
        figures_without_alt: list[str] = []
        _structure_types(root.StructTreeRoot, found, figures_without_alt)
        assert not figures_without_alt, "PDF/UA 7.3: every figure needs alternative text"
        assert found & {"H1", "H"}, "PDF/UA 7.4: the document needs a heading structure"
        assert _fonts_embedded(pdf), "PDF/UA 7.21.4: every font must be embedded"
    text = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)
    # Lines wrap where the page ends; a test asks whether a sentence is there, not where it breaks.
    return TaggedPdf(title=title, language=language, structure=frozenset(found), text=" ".join(text.split()))
