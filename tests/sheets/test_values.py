"""Cells as people type them, read the way they meant them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from grants.call import get_call
from services.sheets import values as v
from services.sheets.columns import LINES, SCHOOLS, columns_for, match_headers, normalize_header
from services.sheets.reading import sniff_delimiter


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("1 234,56", "1234.56"),
        ("1234,5", "1234.5"),
        ("1\u00a0234,56", "1234.56"),
        ("1\u202f234,56 €", "1234.56"),
        ("2 100,00€", "2100.00"),
        ("2100.00", "2100.00"),
        ("1.234,56", "1234.56"),
        ("  12 ", "12"),
        ("1 500 EUR", "1500"),
        ("300 € HT", "300"),
        (1890, "1890"),
        (689.9, "689.9"),
        (0.1 + 0.2, "0.3"),
        (Decimal("12.5"), "12.5"),
    ],
)
def test_french_numbers(cell, expected):
    assert v.decimal_of(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", ["douze", "12,5,3", "1 2a", True, datetime(2021, 2, 1)])
def test_what_is_not_a_number(cell):
    with pytest.raises(v.Invalid):
        v.decimal_of(cell)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("20 %", "0.2"),
        ("20%", "0.2"),
        ("20", "0.2"),
        ("0,2", "0.2"),
        ("0.20", "0.2"),
        ("5,5 %", "0.055"),
        ("5,5", "0.055"),
        (0.2, "0.2"),
        ("0", "0"),
        ("2,1 %", "0.021"),
    ],
)
def test_vat_rates(cell, expected):
    assert v.rate_of(cell) == Decimal(expected)


def test_a_negative_vat_rate_is_not_a_rate():
    with pytest.raises(v.Invalid):
        v.rate_of("-5 %")


@pytest.mark.parametrize("cell", ["100 %", "150", "20,123 %", "19,6 %"])
def test_a_rate_the_call_does_not_have_is_refused_by_the_line_bounds(cell):
    from grants.bounds import line_problems
    from grants.call import get_call

    (problem,) = line_problems(get_call("snee-2021"), vat_rate=v.rate_of(cell))
    assert problem.field == "vat_rate" and "n'existe pas" in problem.render("fr")


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Élémentaire", "elementaire"),
        ("ecole elementaire", "elementaire"),
        ("ÉCOLE PRIMAIRE", "primaire"),
        ("primaire", "primaire"),
        ("Maternelle", "maternelle"),
        ("elementaire", "elementaire"),
    ],
)
def test_school_kinds_in_words(cell, expected):
    assert v.school_kind_of(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Public", "public"),
        ("publique", "public"),
        ("privé sous contrat", "prive_sous_contrat"),
        ("Privée (sous contrat)", "prive_sous_contrat"),
        ("PRIVE HORS CONTRAT", "prive_hors_contrat"),
        ("prive_sous_contrat", "prive_sous_contrat"),
    ],
)
def test_sectors_in_words(cell, expected):
    assert v.sector_of(cell) == expected


def test_a_private_school_must_say_under_which_contract():
    with pytest.raises(v.Invalid, match="précisez"):
        v.sector_of("Privé")


@pytest.mark.parametrize("cell, expected", [(" 0750 655e ", "0750655E"), ("0750655E", "0750655E")])
def test_a_uai_typed_in_lower_case_or_with_spaces(cell, expected):
    assert v.uai_of(cell) == expected


def test_a_wrong_check_letter_names_the_right_one():
    with pytest.raises(v.Invalid) as caught:
        v.uai_of("0750655F")
    assert caught.value.params["letter"] == "E"


@pytest.mark.parametrize(
    "cell, code",
    [
        ("ENT", "service_ent"),
        ("Vidéoprojecteur, TBI/TNI ou écran interactif", "classe_affichage"),
        ("VPI", "classe_affichage"),
        ("classe_audio", "classe_audio"),
        ("Micro et enceintes", "classe_audio"),
        ("Formation", "formation"),
        ("Wi-Fi access points", "reseau_wifi"),
        ("Visualiseur", "classe_visualiseur"),
    ],
)
def test_categories_by_code_label_or_abbreviation(cell, code):
    assert v.category_of(cell, v.category_names(get_call("snee-2021"))) == code


@pytest.mark.parametrize(
    "header, key",
    [
        ("Nb classes", "classes"),
        ("Nombre de classes", "classes"),
        ("classes", "classes"),
        ("  CLASSES  ", "classes"),
        ("Classes (cycles 2 et 3)", "classes"),
        ("Nombre d'élèves", "pupils"),
        ("Élèves", "pupils"),
        ("eleves", "pupils"),
        ("Effectif", "pupils"),
        ("Code UAI", "uai"),
        ("N° UAI", "uai"),
        ("Type d'ecole", "kind"),
        ("État des lieux : Micro et enceintes", "inv:classe_audio"),
        ("Micro et enceintes (existant)", "inv:classe_audio"),
        ("classe_audio", "inv:classe_audio"),
        ("Bornes Wi-Fi déjà en place", "inv:reseau_wifi"),
    ],
)
def test_school_header_variants(header, key):
    match = match_headers([header], columns_for(SCHOOLS, get_call("snee-2021")))
    assert match.positions == {key: 0}


@pytest.mark.parametrize(
    "header, key",
    [
        ("PU HT", "unit_price_ht"),
        ("Prix unitaire HT (€)", "unit_price_ht"),
        ("P.U. HT", "unit_price_ht"),
        ("Qté", "quantity"),
        ("TVA (%)", "vat_rate"),
        ("Durée en mois", "duration_months"),
        ("Désignation", "label"),
        ("École", "school"),
        ("UAI", "school"),
    ],
)
def test_line_header_variants(header, key):
    assert match_headers([header], columns_for(LINES, get_call("snee-2021"))).positions == {key: 0}


def test_header_normalisation_ignores_accents_case_spaces_and_filler_words():
    assert normalize_header("  Nombre   d'ÉLÈVES ") == normalize_header("eleves") == "eleve"


@pytest.mark.parametrize(
    "text, sep",
    [
        ("a;b;c\n1;2;3", ";"),
        ("a,b,c\n1,2", ","),
        ("a\tb\n", "\t"),
        ("\n\nUAI;Nom, prénom\n", ";"),
        ("UAI\n", ";"),
    ],
)
def test_the_separator_is_that_of_the_header_line(text, sep):
    assert sniff_delimiter(text) == sep
