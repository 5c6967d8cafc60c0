"""A finance officer imports the budget lines of the suppliers' quotes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .conftest import A, confirm, text_of, token_of, upload

LINE = ("school_uai", "category", "label", "quantity", "unit_price_ht", "vat_rate", "duration_months")


def stored_lines(dossier, dossier_id: int) -> list[tuple]:
    return [tuple(getattr(ln, k) for k in LINE) for ln in dossier(dossier_id).lines]


def test_french_numbers_euro_signs_and_rates_are_read_exactly(with_schools, dossier):
    member, _org, dossier_id = with_schools
    preview = upload(member, dossier_id, "lignes", "lignes-formats-francais.csv")
    assert preview.status_code == 200, text_of(preview)[:2000]
    assert "Lignes de budget ajoutées : 5" in text_of(preview)
    assert dossier(dossier_id).lines == []
    confirm(member, dossier_id, "lignes", token_of(preview))
    assert stored_lines(dossier, dossier_id) == [
        (A, "classe_affichage", "VPI salle 1", Decimal(2), Decimal("1234.56"), Decimal("0.2"), None),
        (
            A,
            "classe_poste_enseignant",
            "Portables enseignants",
            Decimal(3),
            Decimal("1000.5"),
            Decimal("0.2"),
            None,
        ),
        (A, "reseau_wifi", "Bornes", Decimal("1.5"), Decimal(2000), Decimal("0.2"), None),
        (None, "service_ent", "ENT 2 ans", Decimal(1), Decimal(4800), Decimal("0.055"), 24),
        (None, "formation", "Formation des enseignants", Decimal(1), Decimal(600), None, None),
    ]


def test_a_windows_1252_file_with_euro_signs_and_non_breaking_spaces(with_schools, dossier):
    member, _org, dossier_id = with_schools
    confirm(
        member,
        dossier_id,
        "lignes",
        token_of(upload(member, dossier_id, "lignes", "lignes-windows-1252.csv")),
    )
    assert stored_lines(dossier, dossier_id) == [
        (A, "classe_audio", "Kit audio", Decimal(4), Decimal(1250), Decimal("0.2"), None)
    ]


def test_formulas_are_read_by_their_computed_value(with_schools, dossier):
    member, _org, dossier_id = with_schools
    confirm(
        member, dossier_id, "lignes", token_of(upload(member, dossier_id, "lignes", "lignes-formules.xlsx"))
    )
    lines = stored_lines(dossier, dossier_id)
    assert [(ln[4], ln[5]) for ln in lines] == [
        (Decimal(1900), Decimal("0.2")),
        (Decimal(900), Decimal("0.2")),
    ]


def test_a_formula_without_its_result_is_refused_naming_the_cell(with_schools, dossier):
    member, _org, dossier_id = with_schools
    preview = upload(member, dossier_id, "lignes", "lignes-formule-sans-resultat.xlsx")
    assert preview.status_code == 422
    page = text_of(preview)
    assert (
        "2 Prix unitaire HT (€) (E) la cellule contient une formule dont le classeur n'a pas enregistré"
        in page
    )
    assert "3 Taux de TVA (F) la cellule contient une formule" in page
    assert dossier(dossier_id).lines == []


def test_the_preview_shows_each_line_priced_and_the_subsidy_before_and_after(with_schools):
    member, _org, dossier_id = with_schools
    page = text_of(upload(member, dossier_id, "lignes", "lignes-windows-1252.csv"))
    assert "Kit audio" in page and "5 000,00 €" in page and "6 000,00 €" in page  # 4 × 1 250 HT, TTC
    assert "Subvention de l'État 0,00 € 3 500,00 €" in page  # 70 % of 5 000


def test_every_bad_line_is_reported_with_its_row_and_column(with_schools, dossier):
    member, _org, dossier_id = with_schools
    preview = upload(member, dossier_id, "lignes", "lignes-erreurs.csv")
    assert preview.status_code == 422
    page = text_of(preview)
    for expected in (
        "2 Catégorie (B) catégorie inconnue « tableau noir »",
        "3 Quantité (D) un nombre supérieur à zéro est attendu, reçu « -2 »",
        "4 Prix unitaire HT (E) un nombre est attendu (par exemple 1 234,56), reçu « cent euros »",
        "5 UAI (A) l'école 0710004U n'est pas dans le dossier",
        "6 UAI (A) une dépense d'équipement (volet 1) est celle d'une école",
        "7 TVA (F) le taux de TVA 150 % n'existe pas : choisissez l'un de ces taux : 0 %, 2,1 %, 5,5 %, 10 %, 20 %",
        "7 Durée (G) une durée entière entre 1 et 120 mois est attendue, reçu « 200 »",
        "8 UAI (A) UAI invalide « 0710001X »",
    ):
        assert expected in page
    assert "8 UAI (A) une dépense d'équipement" not in page  # the UAI is wrong, not missing
    assert "Le fichier contient 8 erreurs" in page and "Lignes lues dans le fichier : 7" in page
    assert 'name="token"' not in preview.get_data(as_text=True)
    assert dossier(dossier_id).lines == []


def test_a_school_removed_after_the_preview_stops_the_import(with_schools, dossier):
    member, _org, dossier_id = with_schools
    token = token_of(upload(member, dossier_id, "lignes", "lignes-windows-1252.csv"))
    school = next(s for s in dossier(dossier_id).schools if s.uai == A)
    assert member.post(f"/dossiers/{dossier_id}/ecoles/{school.id}/supprimer").status_code == 302
    again = confirm(member, dossier_id, "lignes", token)
    assert again.status_code == 409
    assert "l'école 0710001R n'est pas dans le dossier" in text_of(again)
    assert dossier(dossier_id).lines == []


def test_all_or_nothing_when_a_save_fails_half_way(with_schools, dossier, monkeypatch):
    member, _org, dossier_id = with_schools
    token = token_of(upload(member, dossier_id, "lignes", "lignes-formats-francais.csv"))
    import services.sheets.apply as apply_module

    calls = []

    def failing_add_line(rec, user, values):
        calls.append(values)
        if len(calls) == 3:
            from sqlalchemy.exc import OperationalError

            raise OperationalError("INSERT", {}, Exception("disk full"))
        return original(rec, user, values)

    original = apply_module.add_line
    monkeypatch.setattr(apply_module, "add_line", failing_add_line)
    response = confirm(member, dossier_id, "lignes", token)
    assert response.status_code == 302 and len(calls) == 3
    assert dossier(dossier_id).lines == []
    follow = member.get(response.headers["Location"])
    assert "rien n'a été importé" in text_of(follow)


@pytest.mark.parametrize("word", ["ecoles", "lignes"])
def test_the_templates_download_in_csv_and_xlsx(team, word):
    member, _org, dossier_id = team
    csv = member.get(f"/dossiers/{dossier_id}/import/{word}/modele.csv")
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    header = csv.data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith(
        "UAI;Nom de l'école;Type d'école" if word == "ecoles" else "UAI de l'école;Catégorie;Libellé"
    )
    xlsx = member.get(f"/dossiers/{dossier_id}/import/{word}/modele.xlsx")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")
    assert member.get(f"/dossiers/{dossier_id}/import/{word}/modele.ods").status_code == 404


def test_a_template_filled_in_is_imported(team, dossier):
    """The team fills the downloaded template: its headers and drop-down wordings are read back."""
    member, _org, dossier_id = team
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(member.get(f"/dossiers/{dossier_id}/import/ecoles/modele.xlsx").data))
    sheet = book.worksheets[0]
    width = sheet.max_column
    sheet.append([A, "École Jean Moulin", "Élémentaire", "Privé sous contrat", 6, 150] + [1] * (width - 6))
    out = io.BytesIO()
    book.save(out)
    confirm(
        member,
        dossier_id,
        "ecoles",
        token_of(upload(member, dossier_id, "ecoles", "modele.xlsx", out.getvalue())),
    )
    school = dossier(dossier_id).schools[0]
    assert (school.uai, school.sector, len(school.inventory)) == (A, "prive_sous_contrat", width - 6)


def test_a_line_whose_total_exceeds_a_billion_is_refused_not_a_500(with_schools, dossier):
    member, _org, dossier_id = with_schools
    data = (
        "UAI;Catégorie;Libellé;Qté;PU HT\n0710001R;classe_audio;Micros;1 000 000 000;1 000 000 000\n".encode()
    )
    preview = upload(member, dossier_id, "lignes", "enorme.csv", data)
    assert preview.status_code == 422
    assert "2 PU HT (E) le total de la ligne dépasse" in text_of(preview)
    assert dossier(dossier_id).lines == []


def test_a_vat_rate_that_does_not_exist_is_refused_in_its_cell(with_schools, dossier):
    member, _org, dossier_id = with_schools
    data = "UAI;Catégorie;Libellé;Qté;PU HT;TVA\n0710001R;classe_audio;Micros;2;150;100000000 %\n".encode()
    preview = upload(member, dossier_id, "lignes", "tva.csv", data)
    assert preview.status_code == 422
    page = text_of(preview)
    assert "2 TVA (F) le taux de TVA 100 000 000 % n'existe pas" in page
    assert "0 %, 2,1 %, 5,5 %, 10 %, 20 %" in page
