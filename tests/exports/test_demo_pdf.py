"""The demo dossier as the product's PDF shows it, read page by page with pdftotext: the table
of contents has the page of every entry, and what issue 14 asked of the filed document holds
(signature place and date, the deliberation, « 1er », non-breaking spaces, the France Relance
mention, the timetable, the summary page, « entraînement » on every page of a practice dossier)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from services import pdf

from .reading import example, export

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
    ),
]
PLACE = "Montclair-sur-Seine"
_LEADER = re.compile(r"^(?P<text>.+?)\s*\.{4,}\s*(?P<page>\d+)\s*$")


def _lines(page: str) -> list[str]:
    return [
        " ".join(line.replace("\u00a0", " ").replace("\u202f", " ").split()) for line in page.splitlines()
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    exported = export(
        example("ville-14-ecoles"),
        practice=True,
        place=PLACE,
        deliberation_number="2021-014",
        deliberation_date=date(2021, 3, 1),
    )
    folder = tmp_path_factory.mktemp("demo-pdf")
    path = folder / "dossier.pdf"
    path.write_bytes(pdf.docx_to_pdf(exported.data))
    raw = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pages = raw.split("\f")
    if not pages[-1].strip():
        pages.pop()
    return [_lines(p) for p in pages]


def test_every_entry_of_the_contents_shows_the_page_its_heading_is_on(demo):
    contents = next(i for i, page in enumerate(demo) if "Sommaire" in page)
    entries = [m for line in demo[contents] if (m := _LEADER.match(line))]
    assert len(entries) >= 10, demo[contents]  # two levels: the parts and their sections
    for entry in entries:
        heading, number = entry["text"].strip(), int(entry["page"])
        assert contents + 1 < number <= len(demo), entry.group(0)
        assert any(line.startswith(heading[:50]) for line in demo[number - 1]), (heading, number)


def test_a_practice_dossier_says_so_on_every_page_with_page_x_of_y(demo):
    for number, page in enumerate(demo, start=1):
        text = " ".join(page)
        assert "ENTRAÎNEMENT" in text, number
        assert f"page {number} sur {len(demo)}" in text, number


def test_the_signature_the_deliberation_the_programme_the_timetable_and_the_summary_page(demo):
    text = " ".join(" ".join(page) for page in demo)
    assert f"Fait à {PLACE}, le ……" in text  # the date is left to write by hand
    assert "Vu la délibération n° 2021-014 du 1er mars 2021" in text
    assert "France Relance" in text
    assert "6. Calendrier" in text and "31 mars 2021" in text
    summary = [page for page in demo if "Synthèse du dossier" in page]
    assert len(summary) == 1 and "Subvention de l'État demandée" in " ".join(summary[0])


def test_no_line_of_the_pdf_starts_with_a_mark_french_typography_keeps_with_its_word(demo):
    starts = [line for page in demo for line in page if line[:1] in (";", ":", "!", "?", "%", "»")]
    assert not starts
