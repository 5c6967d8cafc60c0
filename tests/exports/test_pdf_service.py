"""« Télécharger en PDF »: LibreOffice renders the candidature with its table of contents
numbered; without LibreOffice the page says so and nothing breaks; a conversion that hangs is
stopped."""

from __future__ import annotations

import stat

import pytest
from pypdf import PdfReader

from services import pdf
from tests.exports.reading import example, export

needs_soffice = pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed")


@pytest.mark.slow
@needs_soffice
def test_the_pdf_shows_the_page_number_of_every_entry_of_the_contents():
    exported = export(example("petite-commune"), state="déposé")
    document = pdf.docx_to_pdf(exported.data)
    pages = pdf.page_texts(document)
    contents = next(i for i, text in enumerate(pages) if "Sommaire" in text)
    lines = [line for line in pages[contents].splitlines() if "...." in line or "…" in line]
    entries = [
        line for line in pages[contents].splitlines() if line.strip().startswith(("1. ", "8. ", "Annexe 2"))
    ]
    assert entries, pages[contents]
    for entry in entries:
        number = int(entry.rstrip().rsplit(".", 1)[-1].strip() or 0)
        heading = entry.split("..")[0].strip()
        assert number > contents + 1, entry  # after the contents page
        assert any(line.strip().startswith(heading) for line in pages[number - 1].splitlines()), (
            heading,
            number,
        )
    assert lines  # the dot leaders are there
    assert len(PdfReader(__import__("io").BytesIO(document)).pages) == len(pages)


def test_a_conversion_that_hangs_is_stopped_within_its_time(tmp_path, monkeypatch):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("SOFFICE", str(slow))
    with pytest.raises(pdf.PdfUnavailable, match="more than 1 s"):
        pdf.convert(b"not really a docx", timeout=1)
