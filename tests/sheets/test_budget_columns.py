"""The budget workbook's columns follow the call: the 2021 call's volets and subscription months,
and none of them for the label call, whose every line is a school's, counted in its family of
the référentiel."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from services.sheets.budget_book import FIRST

from .test_budget_xlsx import imported

SNEE_HEADERS = [
    "UAI",
    "Nom de l'école",
    "Volet (0 : hors subvention)",
    "Catégorie",
    "Libellé",
    "Quantité",
    "Prix unitaire HT",
    "Total HT",
    "Taux de TVA",
    "Total TTC",
    "Base de la subvention",
    "Durée (mois)",
    "Base retenue (volet 2 : durée plafonnée)",
    "École éligible (1 : oui)",
]
LABEL_HEADERS = [
    "UAI",
    "Nom de l'école",
    "Famille du référentiel (0 : hors référentiel)",
    "Catégorie",
    "Libellé",
    "Quantité",
    "Prix unitaire HT",
    "Total HT",
    "Taux de TVA",
    "Total TTC",
    "Base de la subvention",
    "École éligible (1 : oui)",
]


def _workbook_bytes(member, dossier_id: int) -> bytes:
    response = member.get(f"/dossiers/{dossier_id}/fichiers/budget.xlsx")
    assert response.status_code == 200
    return response.data


def _headers(sheet) -> list:
    values = [sheet.cell(row=FIRST - 1, column=c).value for c in range(1, 20)]
    return [v for v in values if v is not None]


@pytest.mark.parametrize(
    ("example", "headers"),
    [
        ("ville-14-ecoles.json", SNEE_HEADERS),
        ("label-village.json", LABEL_HEADERS),
        ("label-rpi.json", LABEL_HEADERS),
    ],
)
def test_the_budget_sheets_columns_are_the_calls(team, example, headers):
    member, org_id, _dossier = team
    dossier_id = imported(member, org_id, example)
    budget = load_workbook(io.BytesIO(_workbook_bytes(member, dossier_id))).worksheets[0]
    assert _headers(budget) == headers
    assert (
        budget.auto_filter.ref
        == f"A{FIRST - 1}:{chr(ord('A') + len(headers) - 1)}{budget.auto_filter.ref.split(':')[1][1:]}"
    )


def test_every_line_of_a_label_budget_names_its_school(team):
    member, org_id, _dossier = team
    dossier_id = imported(member, org_id, "label-village.json")
    budget = load_workbook(io.BytesIO(_workbook_bytes(member, dossier_id))).worksheets[0]
    row, schools = FIRST, []
    while budget[f"A{row}"].value != "Total":
        schools.append((budget[f"A{row}"].value, budget[f"B{row}"].value))
        row += 1
    assert schools and all(uai and name and uai != "Tout le dossier" for uai, name in schools)
    assert budget[f"L{FIRST}"].value in (0, 1)  # the school's eligibility, right after the base
    assert budget[f"M{FIRST}"].value is None
