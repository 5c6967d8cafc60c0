"""The Word dossier as LibreOffice lays it out: it opens, has its pages, its name and its footer."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .reading import example, export

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _to_pdf(docx_bytes: bytes, folder: Path) -> Path:
    source = folder / "dossier.docx"
    source.write_bytes(docx_bytes)
    profile = (folder / "lo-profile").as_uri()  # a private profile: parallel runs never share one
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    return folder / "dossier.pdf"


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_libreoffice_lays_out_the_dossier_with_its_name_and_page_x_of_y(tmp_path):
    pdf = _to_pdf(export(example("petite-commune")).data, tmp_path)
    assert _page_count(pdf.read_bytes()) >= 5
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Content, not layout: where this machine's fonts make LibreOffice wrap a cell must not matter.
    text = " ".join(raw.replace("\u00a0", " ").split())
    assert "Commune de Saint-Exemple-en-Bresse" in text and "page 1 sur" in text
    assert "Subvention de l'État demandée" in text and "BROUILLON" in text
