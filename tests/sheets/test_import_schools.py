"""An intercommunalité imports its schools from its own spreadsheet: preview, then confirm."""

from __future__ import annotations

import pytest

from .conftest import A, B, C, confirm, text_of, token_of, upload


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "ecoles-utf8-bom-point-virgule.csv",
            {A: ("elementaire", "public", 8, 210), B: ("primaire", "prive_sous_contrat", 5, 1234)},
        ),
        (
            "ecoles-windows-1252.csv",
            {A: ("elementaire", "public", 6, 148), C: ("primaire", "prive_sous_contrat", 4, 97)},
        ),
        ("ecoles-utf8-virgule.csv", {A: ("elementaire", "public", 7, 170)}),
        ("ecoles-tabulations.txt", {A: ("elementaire", "public", 9, 230)}),
        ("ecoles-entetes-varies.csv", {A: ("elementaire", "public", 5, 120)}),
        ("ecoles-lignes-vides.csv", {A: ("elementaire", "public", 6, 140), B: ("primaire", "public", 3, 70)}),
        ("ecoles.xlsx", {A: ("elementaire", "public", 8, 205), C: ("primaire", "prive_sous_contrat", 4, 88)}),
    ],
)
def test_schools_of_a_real_world_file_are_added_after_confirmation(team, dossier, name, expected):
    member, _org, dossier_id = team
    preview = upload(member, dossier_id, "ecoles", name)
    assert preview.status_code == 200, text_of(preview)[:2000]
    assert dossier(dossier_id).schools == []  # nothing written before the confirmation
    done = confirm(member, dossier_id, "ecoles", token_of(preview))
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/dossiers/{dossier_id}/ecoles")
    stored = {s.uai: (s.kind, s.sector, s.classes, s.pupils) for s in dossier(dossier_id).schools}
    assert stored == expected


def test_the_etat_des_lieux_columns_fill_the_inventory(team, dossier):
    member, _org, dossier_id = team
    preview = upload(member, dossier_id, "ecoles", "ecoles-utf8-bom-point-virgule.csv")
    confirm(member, dossier_id, "ecoles", token_of(preview))
    inventories = {s.uai: s.inventory for s in dossier(dossier_id).schools}
    assert inventories == {A: {"classe_affichage": 2}, B: {}}


def test_a_name_with_a_comma_in_a_quoted_csv_cell_is_kept_whole(team, dossier):
    member, _org, dossier_id = team
    confirm(
        member,
        dossier_id,
        "ecoles",
        token_of(upload(member, dossier_id, "ecoles", "ecoles-utf8-virgule.csv")),
    )
    assert dossier(dossier_id).schools[0].name == "École élémentaire Pasteur, site nord"


def test_the_preview_lists_added_schools_and_ignored_columns(team):
    member, _org, dossier_id = team
    page = text_of(upload(member, dossier_id, "ecoles", "ecoles-entetes-varies.csv"))
    assert "Écoles ajoutées : 1" in page
    assert "Colonnes ignorées : Commentaire" in page
    assert "École du Centre" in page


def test_a_school_already_in_the_dossier_is_shown_changed_old_to_new(with_schools, dossier):
    member, _org, dossier_id = with_schools
    data = "UAI;Nom;Type;Secteur;Classes;Élèves\n0710001R;École des Lilas;Élémentaire;Public;6;144\n".encode()
    page = text_of(upload(member, dossier_id, "ecoles", "pareil.csv", data))
    assert "Écoles modifiées : 0" in page and "Écoles déjà à jour : 1" in page
    assert "il n'y a rien à importer" in page
    data = "UAI;Nom;Type;Secteur;Classes;Élèves\n0710002s;École des Roses;Primaire;Public;4;96\n".encode()
    preview = upload(member, dossier_id, "ecoles", "maj.csv", data)
    page = text_of(preview)
    assert "Écoles modifiées : 1" in page
    assert (
        "Type : Élémentaire → Primaire" in page and "Classes : 3 → 4" in page and "Élèves : 72 → 96" in page
    )
    confirm(member, dossier_id, "ecoles", token_of(preview))
    roses = next(s for s in dossier(dossier_id).schools if s.uai == B)
    assert (roses.kind, roses.classes, roses.pupils, roses.version) == ("primaire", 4, 96, 2)
    assert len(dossier(dossier_id).schools) == 2


def test_an_empty_cell_keeps_the_current_value_of_a_school_already_there(with_schools, dossier):
    member, _org, dossier_id = with_schools
    data = "UAI;Nom;Type;Secteur;Classes;Élèves;Micro et enceintes\n0710001R;École des Lilas;Élémentaire;;6;150;\n"
    confirm(
        member, dossier_id, "ecoles", token_of(upload(member, dossier_id, "ecoles", "m.csv", data.encode()))
    )
    lilas = next(s for s in dossier(dossier_id).schools if s.uai == A)
    assert (lilas.sector, lilas.pupils, lilas.inventory) == ("public", 150, {})


def test_every_error_is_listed_with_its_row_and_column_and_nothing_can_be_confirmed(team, dossier):
    member, _org, dossier_id = team
    data = (
        "UAI;Nom;Type;Secteur;Classes;Élèves\n"
        "0710001R;École A;Élémentaire;Public;6;140\n"
        "0710002T;École B;Élémentaire;Privé;six;\n"
        "0710001R;École C;Lycée;Public;2;40\n"
    ).encode()
    preview = upload(member, dossier_id, "ecoles", "erreurs.csv", data)
    assert preview.status_code == 422
    page = text_of(preview)
    assert "Le fichier contient 6 erreurs : rien ne sera importé." in page
    for expected in (
        "3 UAI (A) UAI invalide « 0710002T » : avec ces 7 chiffres, la lettre de contrôle est « S »",
        "3 Secteur (D) précisez « privé sous contrat » ou « privé hors contrat »",
        "3 Classes (E) un nombre est attendu (par exemple 1 234,56), reçu « six »",
        "3 Élèves (F) cette cellule est obligatoire",
        "4 UAI (A) l'UAI 0710001R figure déjà à la ligne 2 du fichier",
        "4 Type (C) type d'école inconnu « Lycée »",
    ):
        assert expected in page
    assert 'name="token"' not in preview.get_data(as_text=True)
    assert dossier(dossier_id).schools == []


def test_a_preview_made_before_a_colleague_changed_the_school_is_shown_again(with_schools, dossier, app):
    member, _org, dossier_id = with_schools
    data = "UAI;Nom;Type;Secteur;Classes;Élèves\n0710002S;École des Roses;Élémentaire;Public;5;120\n".encode()
    token = token_of(upload(member, dossier_id, "ecoles", "maj.csv", data))
    roses = next(s for s in dossier(dossier_id).schools if s.uai == B)
    changed = member.post(
        f"/dossiers/{dossier_id}/ecoles/{roses.id}",
        data={
            "version": str(roses.version),
            "uai": B,
            "name": "École des Roses",
            "kind": "elementaire",
            "sector": "public",
            "classes": "4",
            "pupils": "72",
        },
    )
    assert changed.status_code == 302
    again = confirm(member, dossier_id, "ecoles", token)
    assert again.status_code == 409
    assert "Le dossier a changé depuis l'aperçu" in text_of(again) and "Classes : 4 → 5" in text_of(again)
    assert next(s for s in dossier(dossier_id).schools if s.uai == B).classes == 4
    confirm(member, dossier_id, "ecoles", token_of(again))
    assert next(s for s in dossier(dossier_id).schools if s.uai == B).classes == 5


def test_a_tampered_or_foreign_preview_imports_nothing(team, actor, dossier):
    member, _org, dossier_id = team
    token = token_of(upload(member, dossier_id, "ecoles", "ecoles-tabulations.txt"))
    forged = confirm(member, dossier_id, "ecoles", token[:-3] + "abc")
    assert forged.status_code == 302
    assert dossier(dossier_id).schools == []
    other = member.create_dossier(_org, "Autre dossier")
    assert confirm(member, other, "ecoles", token).status_code == 302  # signed for another dossier
    assert dossier(other).schools == []
    assert confirm(member, dossier_id, "lignes", token).status_code == 302  # signed for schools
    assert dossier(dossier_id).lines == []


def test_the_import_is_written_once_with_the_history_and_the_figures(team, dossier, app):
    member, _org, dossier_id = team
    confirm(
        member,
        dossier_id,
        "ecoles",
        token_of(upload(member, dossier_id, "ecoles", "ecoles-lignes-vides.csv")),
    )
    rec = dossier(dossier_id)
    assert rec.school_count == 2
    from models import ChangeLog, db

    with app.app_context():
        actions = [
            (e.part, e.action)
            for e in db.session.scalars(
                db.select(ChangeLog).where(ChangeLog.dossier_id == dossier_id).order_by(ChangeLog.id)
            )
        ]
    assert actions[-3:] == [("school", "create"), ("school", "create"), ("dossier", "import")]
