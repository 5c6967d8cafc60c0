"""Who may import, download and upload."""

from __future__ import annotations

import pytest

from models import DossierRecord, db

from .conftest import confirm, token_of, upload


def lock(app, dossier_id: int) -> None:
    with app.app_context():
        db.session.get(DossierRecord, dossier_id).state = "depose"
        db.session.commit()


@pytest.mark.parametrize("word", ["ecoles", "lignes"])
def test_a_stranger_does_not_see_the_import(team, actor, word):
    _member, _org, dossier_id = team
    stranger = actor("autre@mairie.example.fr", "Autre")
    stranger.signup()
    assert stranger.get(f"/dossiers/{dossier_id}/import/{word}").status_code == 404
    assert upload(stranger, dossier_id, word, "ecoles-tabulations.txt").status_code == 404
    assert stranger.get(f"/dossiers/{dossier_id}/import/{word}/modele.csv").status_code == 404


def test_a_deposited_dossier_takes_no_import_but_its_files_download(team, app, dossier):
    member, _org, dossier_id = team
    token = token_of(upload(member, dossier_id, "ecoles", "ecoles-tabulations.txt"))
    lock(app, dossier_id)
    assert member.get(f"/dossiers/{dossier_id}/import/ecoles").status_code == 403
    assert confirm(member, dossier_id, "ecoles", token).status_code == 403
    assert dossier(dossier_id).schools == []
    assert member.get(f"/dossiers/{dossier_id}/fichiers/budget.xlsx").status_code == 200
    assert member.get(f"/dossiers/{dossier_id}/fichiers/dossier.json").status_code == 200


def test_the_wizard_links_to_the_imports_and_downloads(team):
    member, org_id, dossier_id = team
    schools = member.get(f"/dossiers/{dossier_id}/ecoles").get_data(as_text=True)
    budget = member.get(f"/dossiers/{dossier_id}/budget").get_data(as_text=True)
    recap = member.get(f"/dossiers/{dossier_id}/recap").get_data(as_text=True)
    home = member.get("/").get_data(as_text=True)
    assert f"/dossiers/{dossier_id}/import/ecoles" in schools
    assert (
        f"/dossiers/{dossier_id}/import/lignes" in budget
        and f"/dossiers/{dossier_id}/fichiers/budget.xlsx" in budget
    )
    assert f"/dossiers/{dossier_id}/fichiers/dossier.json" in recap
    assert f"/collectivites/{org_id}/dossiers/import" in home


def test_every_route_of_the_blueprint_declares_its_policy(app):
    views = {
        rule.endpoint: app.view_functions[rule.endpoint]
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("sheets.")
    }
    assert len(views) == 7
    assert {name: view.access_policy for name, view in views.items()} == {
        "sheets.import_schools": "member",
        "sheets.import_lines": "member",
        "sheets.confirm_import": "member",
        "sheets.upload_dossier": "member",
        "sheets.template": "viewer",
        "sheets.budget_xlsx": "viewer",
        "sheets.dossier_json": "viewer",
    }
