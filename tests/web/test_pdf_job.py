"""« Télécharger en PDF » is a background job (LibreOffice's two renderings take tens of
seconds for a large dossier): the button starts it, its page follows it and offers the PDF,
whose contents show the page numbers. Nobody else reaches the job."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from services import pdf

from .test_word_download import _import


def test_a_link_followed_starts_no_rendering(team, monkeypatch):
    monkeypatch.setattr(pdf, "available", lambda: True)
    monkeypatch.setattr(pdf, "convert", lambda *a, **k: pytest.fail("rendered on a GET"))
    member, _org, dossier_id = team
    response = member.get(f"/dossiers/{dossier_id}/dossier.pdf", headers={"Referer": "/"})
    assert response.status_code == 302


def test_a_failed_rendering_says_so_on_the_jobs_page(team, monkeypatch):
    def fail(*_args, **_kwargs):
        raise pdf.PdfUnavailable("too long")

    monkeypatch.setattr(pdf, "available", lambda: True)
    monkeypatch.setattr(pdf, "docx_to_pdf", fail)
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/dossier.pdf")
    assert response.status_code == 302 and "/pdf/" in response.headers["Location"]
    page = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "Échec" in page and "Le PDF n" in page
    status = member.get(response.headers["Location"] + "/etat.json").get_json()
    assert status["finished"] and status["file"] is None


@pytest.mark.slow
@pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed")
def test_the_pdf_job_offers_the_candidature_with_its_contents_numbered(app, team, actor):
    member, _org, _draft = team
    dossier_id = _import(app, member, "petite-commune")
    started = member.post(f"/dossiers/{dossier_id}/dossier.pdf")
    job_page = started.headers["Location"]
    status = member.get(job_page + "/etat.json").get_json()
    assert status["finished"] and status["file"], status
    document = member.get(status["file"]).data
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(document)).pages]
    contents = next(i for i, text in enumerate(pages) if "Sommaire" in text)
    assert any(line.rstrip()[-1:].isdigit() for line in pages[contents].splitlines() if "...." in line)
    stranger = actor("autre@ville.example.fr")
    stranger.signup()
    assert stranger.get(status["file"]).status_code == 404
