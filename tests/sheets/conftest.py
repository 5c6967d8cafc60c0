"""Uploading files as a member would, reading the preview, confirming it; the dossier's content."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from models import db
from services.dossiers import load

FILES = Path(__file__).parent / "files"
A, B, C, D = "0710001R", "0710002S", "0710003T", "0710004U"


def file_bytes(name: str) -> bytes:
    return (FILES / name).read_bytes()


def upload(member, dossier_id: int, word: str, name: str, data: bytes | None = None):
    """Send a file to the import of `word` (ecoles or lignes): the preview page."""
    content = file_bytes(name) if data is None else data
    return member.post(
        f"/dossiers/{dossier_id}/import/{word}",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "the preview offers no confirmation"
    return html.unescape(match.group(1))


def confirm(member, dossier_id: int, word: str, token: str):
    return member.post(f"/dossiers/{dossier_id}/import/{word}/confirmer", data={"token": token})


def text_of(response) -> str:
    """The page as a reader sees it: tags out, entities decoded, spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())


@pytest.fixture
def dossier(app):
    """The dossier's record as stored now, in a fresh session: dossier(id)."""

    def read(dossier_id: int):
        with app.app_context():
            rec = load(dossier_id)
            db.session.expunge_all()
            return rec

    return read


@pytest.fixture
def with_schools(team):
    """The team's dossier holding schools A (6 classes) and B (3 classes), added through the wizard."""
    member, _org, dossier_id = team
    for uai, name, classes in ((A, "École des Lilas", 6), (B, "École des Roses", 3)):
        response = member.post(
            f"/dossiers/{dossier_id}/ecoles/nouvelle",
            data={
                "version": "0",
                "uai": uai,
                "name": name,
                "kind": "elementaire",
                "sector": "public",
                "classes": str(classes),
                "pupils": str(classes * 24),
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return team
