"""Files that are not what they claim, too large, or macro-enabled: a clear refusal, never a 500,
and nothing imported."""

from __future__ import annotations

import pytest

from services.sheets.reading import MAX_BYTES, MAX_ROWS

from .conftest import text_of, upload

REFUSALS = [
    ("ecoles", "vide.csv", "Le fichier est vide."),
    ("ecoles", "entetes-seules.csv", "Le fichier ne contient que la ligne d'en-têtes"),
    (
        "ecoles",
        "colonnes-fausses.csv",
        "Colonnes obligatoires absentes : « Nom de l'école », « Type d'école », "
        "« Classes (cycles 2 et 3) », « Élèves (cycles 2 et 3) »",
    ),
    (
        "ecoles",
        "octets-aleatoires.xlsx",
        "Ce fichier n'est pas un classeur Excel lisible, bien que son nom se termine par .xlsx.",
    ),
    ("ecoles", "octets-aleatoires.csv", "Ce fichier n'est pas un tableau"),
    ("ecoles", "texte-renomme.xlsx", "n'est pas un classeur Excel lisible"),
    ("ecoles", "ancien-format.xls", "ancien classeur Excel (.xls)"),
    ("ecoles", "document.pdf", "Les fichiers .pdf ne sont pas acceptés"),
    ("lignes", "lignes-macros.xlsm", "Les classeurs contenant des macros (.xlsm) sont refusés"),
    ("lignes", "lignes-macros-cachees.xlsx", "Ce classeur contient des macros : elles sont refusées."),
]


@pytest.mark.parametrize("word, name, message", REFUSALS)
def test_a_bad_file_is_refused_with_a_clear_message(with_schools, dossier, word, name, message):
    member, _org, dossier_id = with_schools
    response = upload(member, dossier_id, word, name)
    assert response.status_code == 422
    page = text_of(response)
    assert "Le fichier est refusé" in page and message in page and "Rien n'a été importé." in page
    rec = dossier(dossier_id)
    assert len(rec.schools) == 2 and rec.lines == []


def test_a_file_over_5_mb_is_refused(team):
    member, _org, dossier_id = team
    data = b"UAI;Nom\n" + b"0710001R;" + b"x" * MAX_BYTES + b"\n"
    assert "Le fichier dépasse 5 Mo" in text_of(upload(member, dossier_id, "ecoles", "gros.csv", data))


def test_a_file_over_10000_rows_is_refused(team):
    member, _org, dossier_id = team
    rows = "".join(f"0710001R;École {i};Élémentaire;Public;1;20\n" for i in range(MAX_ROWS + 1))
    data = ("UAI;Nom;Type;Secteur;Classes;Élèves\n" + rows).encode()
    response = upload(member, dossier_id, "ecoles", "long.csv", data)
    assert response.status_code == 422
    assert "Le fichier compte plus de 10 000 lignes" in text_of(response)


def test_a_request_above_the_server_limit_gets_the_size_page(team):
    member, _org, dossier_id = team
    response = upload(member, dossier_id, "ecoles", "enorme.csv", b"x" * (7 * 1024 * 1024))
    assert response.status_code == 413 and "Fichier trop volumineux" in text_of(response)


def test_no_file_at_all_names_the_field(team):
    member, _org, dossier_id = team
    response = member.post(
        f"/dossiers/{dossier_id}/import/ecoles", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "Choisissez un fichier." in text_of(response)


def test_exactly_10000_rows_are_accepted_and_the_preview_stays_readable(team):
    member, _org, dossier_id = team
    from grants.identifiers import uai_check_letter

    uais = [f"071{n:04d}" for n in range(MAX_ROWS)]
    rows = "".join(
        f"{u}{uai_check_letter(u)};École n° {i};Élémentaire;Public;5;120\n" for i, u in enumerate(uais)
    )
    response = upload(
        member,
        dossier_id,
        "ecoles",
        "intercommunalite.csv",
        ("UAI;Nom;Type;Secteur;Classes;Élèves\n" + rows).encode(),
    )
    page = text_of(response)
    assert "Écoles ajoutées : 10000" in page and "… et 9500 autres lignes" in page


def test_a_preview_too_large_for_one_confirmation_asks_to_split_the_file(team, app, monkeypatch):
    member, _org, dossier_id = team
    monkeypatch.setitem(app.config, "MAX_FORM_MEMORY_SIZE", 4200)
    response = upload(member, dossier_id, "ecoles", "ecoles-lignes-vides.csv")
    assert response.status_code == 422
    assert "Import trop volumineux pour être confirmé en une fois" in text_of(response)
    assert 'name="token"' not in response.get_data(as_text=True)
