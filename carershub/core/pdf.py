"""Every PDF the service gives people, made one way: from a Django template, as a tagged PDF (PDF/UA-1).

WeasyPrint lays out HTML and CSS and, with `pdf_variant="pdf/ua-1"`, writes the structure tree (headings, lists,
tables, reading order), the document language and title, and embeds its fonts with their Unicode mapping, so a
screen reader reads the PDF as it reads the page and every letter of every name is kept. We chose it over drawing
text with fpdf2 because the PDF then comes from the same template as the accessible HTML page (ADR 0009).

Only local files are ever fetched while rendering: the font files below. Text people typed is escaped by the
template engine, and any other URL in a document is refused, so a PDF can never make the server fetch a remote
address.
"""

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# Roboto (Apache 2.0) comes as a Python package, so a PDF never depends on the fonts a machine happens to have.
_FONT_PACKAGE = "font_roboto"
_FONT_FACES = (("Roboto-Regular.ttf", "normal"), ("Roboto-Bold.ttf", "bold"))


@cache
def _font_directory() -> Path:
    spec = importlib.util.find_spec(_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The font-roboto package is missing: reinstall the dependencies (make setup).")
    return Path(next(iter(spec.submodule_search_locations))) / "files"


@cache
def _fonts() -> tuple[CSS, FontConfiguration]:
    """The font faces and the configuration that loaded them: WeasyPrint needs the same one for the document."""
    font_config = FontConfiguration()
    faces = "\n".join(
        f"@font-face {{ font-family: 'Carers Hub'; font-weight: {weight}; "
        f"src: url('{(_font_directory() / name).as_uri()}'); }}"
        for name, weight in _FONT_FACES
    )
    return CSS(string=faces, url_fetcher=_LocalFontsOnly(), font_config=font_config), font_config


class _LocalFontsOnly(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Fetches our font files and nothing else: no network, no other file."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if Path(url.removeprefix("file://")).parent != _font_directory():
            raise ValueError(f"A PDF may not fetch {url!r}")
        return super().fetch(url, headers)


def pdf_from_template(template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render `template_name` (which extends "pdf/base.html") to a tagged PDF.

    The template gives the document's title in `{% block title %}`; its language is the page's (en-GB).
    """
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, url_fetcher=_LocalFontsOnly())
    font_css, font_config = _fonts()
    pdf = document.write_pdf(stylesheets=[font_css], font_config=font_config, pdf_variant="pdf/ua-1")
    if pdf is None:  # only when writing to a target; we never do
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
