"""Reading the files as published: every quirk of the real ones, and rows that can't be read."""

import pytest

from directory.cycles import cycle23, rentree_before
from directory.parse import read_file
from directory.records import FileRefused, Headcount
from directory.rows import contract_label
from directory.text import normalize, words

from .conftest import (
    ANNUAIRE_2023,
    ANNUAIRE_2026,
    EFFECTIFS,
    FERRY,
    FILES,
    MATERNELLE,
    MONTESSORI,
    SAINT_JOSEPH,
    SAINTE_THERESE,
    TILLEULS,
)


def schools(path):
    return {s.uai: s for s in read_file(path).rows}


def test_the_annuaire_is_recognised_with_its_byte_order_mark_crlf_and_semicolons():
    parsed = read_file(ANNUAIRE_2026)
    assert parsed.dataset == "annuaire"
    assert ANNUAIRE_2026.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in ANNUAIRE_2026.read_bytes()
    ferry = schools(ANNUAIRE_2026)[FERRY]
    assert (ferry.name, ferry.commune, ferry.commune_code, ferry.postcode, ferry.departement) == (
        "Ecole élémentaire Jules Ferry",
        "Saint-Rémy",
        "71412",
        "71000",
        "71",
    )
    assert ferry.circonscription == "Circonscription d'inspection du 1er degré de Mâcon-Nord"
    assert ferry.siret == "21710112000012"


def test_the_older_annuaire_header_is_read_too():
    """2023 wrote « Code postal » where 2026 writes « Code_postal », and had other columns."""
    parsed = read_file(ANNUAIRE_2023)
    assert parsed.dataset == "annuaire"
    vaux = schools(ANNUAIRE_2023)["0710011B"]
    assert (vaux.postcode, vaux.commune) == ("71100", "Chalon-sur-Saône")


def test_collèges_and_services_are_skipped_not_rejected():
    parsed = read_file(ANNUAIRE_2026)
    assert parsed.skipped == 2
    assert "0710007X" not in schools(ANNUAIRE_2026) and "0710008Y" not in schools(ANNUAIRE_2026)


@pytest.mark.parametrize(
    ("uai", "kind"), [(FERRY, "elementaire"), (TILLEULS, "primaire"), (MATERNELLE, "maternelle")]
)
def test_the_kind_comes_from_the_nature_flags(uai, kind):
    assert schools(ANNUAIRE_2026)[uai].kind == kind


@pytest.mark.parametrize(
    ("uai", "sector", "contract"),
    [
        (FERRY, "public", ""),
        (SAINTE_THERESE, "prive_sous_contrat", "CONTRAT D'ASSOCIATION TOUTES CLASSES"),
        (SAINT_JOSEPH, "prive_sous_contrat", "CONTRAT SIMPLE POUR PARTIE DES CLASSES"),
        (MONTESSORI, "prive_hors_contrat", "HORS CONTRAT"),
    ],
)
def test_sector_and_contract_with_the_zero_for_o_misspelling_fixed(uai, sector, contract):
    school = schools(ANNUAIRE_2026)[uai]
    assert (school.sector, school.contract) == (sector, contract)


def test_contract_labels_are_cleaned():
    assert contract_label("C0NTRAT SIMPLE  POUR PARTIE") == "CONTRAT SIMPLE POUR PARTIE"
    assert contract_label("SANS OBJET") == ""


def test_a_row_that_cant_be_read_is_counted_and_reported_with_its_line():
    parsed = read_file(ANNUAIRE_2026)
    assert parsed.rejected == 2
    assert [e.render() for e in parsed.errors] == [
        "ligne 11 : UAI illisible « 0710010B »",
        "ligne 12 : 4 colonnes au lieu de 71",
    ]


def test_unreadable_headcounts_are_counted_the_good_ones_kept():
    parsed = read_file(FILES / "effectifs-lignes-illisibles.csv")
    assert (parsed.dataset, len(parsed.rows), parsed.rejected) == ("effectifs", 1, 3)
    assert "nombre illisible « huit » dans la colonne Nombre total de classes" in parsed.errors[0].render()


def test_a_file_of_another_kind_is_refused_naming_the_missing_columns():
    with pytest.raises(FileRefused) as refused:
        read_file(FILES / "pas-un-jeu-de-donnees.csv")
    message = refused.value.render()
    assert message.startswith("pas-un-jeu-de-donnees.csv : ")
    assert "Identifiant_de_l_etablissement" in message and "SIREN_SIRET" in message


def test_an_effectifs_file_missing_columns_names_them():
    with pytest.raises(FileRefused) as refused:
        read_file(FILES / "effectifs-colonnes-manquantes.csv")
    message = refused.value.render()
    assert "Effectifs et nombre de classes par école" in message
    assert "Nombre d'élèves en ULIS" in message and "Rentrée scolaire" not in message


def test_a_missing_file_is_refused_not_a_crash(tmp_path):
    with pytest.raises(FileRefused, match="absent.csv"):
        read_file(tmp_path / "absent.csv")


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "vide.csv").write_bytes(b"")
    with pytest.raises(FileRefused, match="vide"):
        read_file(tmp_path / "vide.csv")


def test_a_file_saved_again_in_windows_1252_with_commas_is_still_read(tmp_path):
    text = ANNUAIRE_2026.read_text(encoding="utf-8-sig").replace(";", ",")
    path = tmp_path / "annuaire-excel.csv"
    path.write_bytes(text.encode("cp1252"))
    parsed = read_file(path)
    assert schools(path)[FERRY].commune == "Saint-Rémy" and parsed.rejected == 2


def test_headcounts_per_rentree():
    counts = {(h.uai, h.rentree): h for h in read_file(EFFECTIFS).rows}
    ferry = counts[(FERRY, 2020)]
    assert (ferry.classes, ferry.cp, ferry.ulis, ferry.pupils) == (9, 40, 10, 194)


def _headcount(classes, pre, levels, ulis=0):
    return Headcount("0710001R", 2020, classes, pre + sum(levels) + ulis, pre, sum(levels), ulis, *levels)


def test_cycle_2_3_pupils_are_cp_to_cm2_with_ulis_pupils():
    figures = cycle23(_headcount(9, 0, [40, 38, 37, 35, 34], ulis=10))
    assert (figures.classes, figures.pupils, figures.estimated) == (9, 194, False)


def test_a_primary_schools_classes_are_estimated_in_proportion_to_its_elementary_pupils():
    figures = cycle23(_headcount(6, 50, [20, 18, 17, 16, 15]))  # 6 × 86 / 136 = 3.79
    assert (figures.classes, figures.pupils, figures.estimated) == (4, 86, True)


@pytest.mark.parametrize(
    ("classes", "pre", "levels", "expected"),
    [
        (4, 95, [0, 0, 0, 0, 0], 0),  # a maternelle
        (3, 100, [1, 0, 0, 0, 0], 1),  # one CP pupil still needs a class
        (2, 1, [10, 10, 10, 10, 10], 2),  # never more than the school has
        (4, 60, [15, 15, 15, 15, 0], 2),  # 4 × 60 / 120 = 2.0
        (5, 50, [10, 10, 10, 10, 10], 3),  # 2.5 rounds half up
    ],
)
def test_estimate_boundaries(classes, pre, levels, expected):
    assert cycle23(_headcount(classes, pre, levels)).classes == expected


@pytest.mark.parametrize(("year", "month", "rentree"), [(2021, 1, 2020), (2021, 8, 2020), (2021, 9, 2021)])
def test_the_rentree_before_a_call_is_that_of_the_school_year_under_way(year, month, rentree):
    assert rentree_before(year, month) == rentree


def test_text_is_compared_without_accents_case_or_abbreviations():
    assert normalize("Saint-Rémy-l'Œuvre") == "SAINT REMY L OEUVRE"
    assert words("Ecole primaire St Joseph de Chalon-sur-Saône") == ["SAINT", "JOSEPH", "CHALON", "SAONE"]
