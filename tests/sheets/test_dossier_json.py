"""The whole dossier as JSON: downloaded from its page, uploaded to start a new draft."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from .conftest import file_bytes, text_of

EXAMPLES = Path(__file__).parent.parent / "examples"


def send(member, org_id: int, name: str, data: bytes, **fields):
    return member.post(
        f"/collectivites/{org_id}/dossiers/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(data), name), **fields},
    )


@pytest.mark.parametrize(
    "example", ["ville-14-ecoles.json", "petite-commune.json", "dossier-a-corriger.json"]
)
def test_upload_then_download_gives_back_the_same_dossier(team, example):
    member, org_id, _dossier = team
    original = (EXAMPLES / example).read_bytes()
    response = send(member, org_id, example, original, title="Reprise de l'an dernier")
    assert response.status_code == 302
    dossier_id = int(response.headers["Location"].split("/dossiers/")[1].split("/")[0])
    assert "Reprise de l'an dernier" in text_of(member.get(response.headers["Location"]))
    download = member.get(f"/dossiers/{dossier_id}/fichiers/dossier.json")
    assert download.status_code == 200 and download.mimetype == "application/json"
    assert 'attachment; filename="dossier-SNEE-2021-' in download.headers["Content-Disposition"]
    from grants.loader import dossier_from_json, dossier_to_data

    assert json.loads(download.data) == dossier_to_data(dossier_from_json(original))


def test_a_practice_draft_is_marked_as_such_and_titled_after_the_collectivite(team, app):
    member, org_id, _dossier = team
    response = send(member, org_id, "d.json", (EXAMPLES / "petite-commune.json").read_bytes(), practice="y")
    dossier_id = int(response.headers["Location"].split("/dossiers/")[1].split("/")[0])
    from models import DossierRecord, db

    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        name = json.loads((EXAMPLES / "petite-commune.json").read_text())["collectivite"]["name"]
        assert (rec.practice, rec.title, rec.state) == (True, name, "brouillon")


def test_a_file_that_is_not_a_dossier_lists_every_problem_by_its_path(team):
    member, org_id, _dossier = team
    response = send(member, org_id, "dossier-invalide.json", file_bytes("dossier-invalide.json"))
    assert response.status_code == 422
    page = text_of(response)
    assert "Ce fichier n'est pas un dossier valide" in page and "Aucun dossier n'a été créé" in page
    assert "collectivite.siret: un texte est attendu, reçu 12" in page
    assert "schools[0].classes: un nombre entier est attendu" in page
    assert 'lines: une liste ([…]) est attendue, reçu "aucune"' in page


@pytest.mark.parametrize("name", ["octets-aleatoires.xlsx", "vide.csv", "ecoles.xlsx"])
def test_a_spreadsheet_or_random_bytes_are_not_json(team, name):
    member, org_id, _dossier = team
    response = send(member, org_id, name, file_bytes(name))
    assert response.status_code == 422
    assert "le fichier n'est pas du JSON valide" in text_of(response)


def test_the_errors_of_a_json_dossier_speak_english_to_an_english_user(team):
    member, org_id, _dossier = team
    member.get("/langue/en")
    page = text_of(send(member, org_id, "dossier-invalide.json", file_bytes("dossier-invalide.json")))
    assert "collectivite.siret: a text is expected" in page


def test_only_members_of_the_collectivite_may_upload_or_download(team, actor):
    member, org_id, dossier_id = team
    stranger = actor("autre@mairie.example.fr", "Autre")
    stranger.signup()
    assert stranger.get(f"/collectivites/{org_id}/dossiers/import").status_code == 404
    assert (
        send(stranger, org_id, "d.json", (EXAMPLES / "petite-commune.json").read_bytes()).status_code == 404
    )
    assert stranger.get(f"/dossiers/{dossier_id}/fichiers/dossier.json").status_code == 404
    assert stranger.get(f"/dossiers/{dossier_id}/fichiers/budget.xlsx").status_code == 404
    anonymous = actor("x@example.fr").client
    assert anonymous.get(f"/dossiers/{dossier_id}/fichiers/dossier.json").status_code == 302
    assert member.get(f"/collectivites/{org_id}/dossiers/import").status_code == 200


def test_a_nul_character_in_the_json_is_refused_before_the_database_sees_it(team):
    member, org_id, _dossier = team
    data = (
        (EXAMPLES / "petite-commune.json").read_text().replace('"name": "', '"name": "A\\u0000', 1).encode()
    )
    response = send(member, org_id, "nul.json", data)
    assert response.status_code == 422 and "U+0000" in text_of(response)
    assert "collectivite.name" in text_of(response)  # the field is named by its path


@pytest.mark.parametrize("character", ["\\u0001", "\\u001b", "\\u007f"])
def test_a_control_character_in_the_json_is_refused_with_the_field_named(team, character):
    member, org_id, _dossier = team
    data = (EXAMPLES / "petite-commune.json").read_text().replace('"name": "', f'"name": "A{character}', 1)
    response = send(member, org_id, "controle.json", data.encode())
    assert response.status_code == 422 and "collectivite.name" in text_of(response)


def test_a_vertical_tab_in_the_json_becomes_a_space(app, team):
    member, org_id, _dossier = team
    data = (EXAMPLES / "petite-commune.json").read_text().replace('"name": "', '"name": "Ville\\u000bde ', 1)
    assert send(member, org_id, "vt.json", data.encode()).status_code == 302
    with app.app_context():
        from models import DossierRecord, db

        names = db.session.scalars(sa.select(DossierRecord.name)).all()
    assert any(n.startswith("Ville de ") for n in names), names


def test_texts_longer_than_the_database_keeps_are_named_by_their_path(team):
    member, org_id, _dossier = team
    data = json.loads((EXAMPLES / "petite-commune.json").read_text())
    data["collectivite"]["name"] = "N" * 201
    data["lines"][0]["label"] = "L" * 301
    response = send(member, org_id, "long.json", json.dumps(data).encode())
    assert response.status_code == 422
    page = text_of(response)
    assert "collectivite.name: 200 caractères au plus sont acceptés (201 ici)" in page
    assert "lines[0].label: 300 caractères au plus sont acceptés (301 ici)" in page
