"""The académie follows from the département: pre-filled on the collectivité step while the team
has written none, and given in the candidature when left blank."""

from __future__ import annotations

import re

import sqlalchemy as sa

from models import DossierRecord
from tests.exports.reading import Exported

from .factories import execute, text


def _academie_input(page: str) -> str:
    field = re.search(r'<input[^>]*name="academie"[^>]*>', page)
    assert field, "no académie field"
    value = re.search(r'value="([^"]*)"', field.group(0))
    return value.group(1) if value else ""


def test_the_academie_is_prefilled_from_the_departement_and_used_in_the_document(team):
    member, _org, dossier_id = team
    execute(
        sa.update(DossierRecord).where(DossierRecord.id == dossier_id).values(departement="92", academie="")
    )
    assert _academie_input(text(member.get(f"/dossiers/{dossier_id}/collectivite"))) == "Versailles"
    document = Exported(member.get(f"/dossiers/{dossier_id}/dossier.docx").data, None)
    assert document.rows_of("Académie") and document.rows_of("Académie")[0][-1] == "Versailles"


def test_an_academie_the_team_wrote_is_kept(team):
    member, _org, dossier_id = team
    execute(
        sa.update(DossierRecord)
        .where(DossierRecord.id == dossier_id)
        .values(departement="92", academie="Paris")
    )
    assert _academie_input(text(member.get(f"/dossiers/{dossier_id}/collectivite"))) == "Paris"
