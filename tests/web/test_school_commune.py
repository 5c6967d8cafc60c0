"""An EPCI's schools each have their commune: a field of the school form, saved through the one
save path, shown in the candidature's « École et commune »; the JSON contract has no such field
and the export keeps to it."""

from __future__ import annotations

import json

import sqlalchemy as sa

from models import DossierRecord, SchoolRecord
from tests.exports.reading import Exported

from .factories import execute, record, scalar, school_form, text


def _epci(dossier_id: int) -> None:
    execute(sa.update(DossierRecord).where(DossierRecord.id == dossier_id).values(kind="epci"))


def test_the_school_form_takes_the_commune_and_the_candidature_shows_it(team):
    member, _org, dossier_id = team
    _epci(dossier_id)
    assert 'name="commune"' in text(member.get(f"/dossiers/{dossier_id}/ecoles"))
    response = member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", data=school_form(commune="Saint-Amour"))
    assert response.status_code == 302
    school = record(dossier_id).schools[-1]
    assert school.commune == "Saint-Amour"
    document = Exported(member.get(f"/dossiers/{dossier_id}/dossier.docx").data, None)
    cells = [c for t in document.tables() for row in t.rows for c in (cell.text for cell in row.cells)]
    assert any("Saint-Amour" in c and school.name in c for c in cells), cells[:40]

    # Edited through the same form: the commune changes, the version moves on.
    edited = school_form(commune="Cuiseaux", version=str(school.version))
    assert member.post(f"/dossiers/{dossier_id}/ecoles/{school.id}", data=edited).status_code == 302
    assert record(dossier_id).schools[-1].commune == "Cuiseaux"


def test_the_json_export_keeps_to_the_contract_without_the_commune(team):
    member, _org, dossier_id = team
    _epci(dossier_id)
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", data=school_form(commune="Cuiseaux"))
    assert scalar(sa.select(SchoolRecord.commune).where(SchoolRecord.dossier_id == dossier_id)) == "Cuiseaux"
    response = member.get(f"/dossiers/{dossier_id}/fichiers/dossier.json")
    assert response.status_code == 200
    schools = json.loads(response.data)["schools"]
    assert schools and all("commune" not in s for s in schools)
