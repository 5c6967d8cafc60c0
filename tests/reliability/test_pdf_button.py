"""Without LibreOffice, « Télécharger en PDF » says the PDF is unavailable and the download
explains it: nothing breaks."""

from __future__ import annotations

from .conftest import signed_in


def test_without_libreoffice_the_button_says_so_and_the_download_explains(app, world, monkeypatch):
    monkeypatch.setenv("SOFFICE", "/nonexistent/soffice")
    member = signed_in(app, world.users["member_a"])
    dossier = world.dossiers["A2"]
    page = member.get(f"/dossiers/{dossier}/recap").get_data(as_text=True)
    assert "PDF indisponible sur ce serveur" in page and "dossier.pdf" not in page
    response = member.get(
        f"/dossiers/{dossier}/dossier.pdf", headers={"Referer": f"/dossiers/{dossier}/recap"}
    )
    assert response.status_code == 302
    follow = member.get(response.headers["Location"]).get_data(as_text=True)
    assert "LibreOffice n&#39;y est pas installé" in follow or "LibreOffice n'y est pas installé" in follow
