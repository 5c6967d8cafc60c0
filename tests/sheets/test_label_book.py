"""The budget workbook of a call without volets (Label Écoles numériques 2020): each school's
spend within the band, at the call's rate, as formulas; LibreOffice Calc's recalculation gives
the engine's figures and, after a change of quantities, follows. And every workbook prints:
landscape, one page wide, header rows repeated, money columns wide enough."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from grants.call import get_call
from grants.evaluation import evaluate
from grants.loader import dossier_from_json
from services.sheets.budget_book import FIRST, budget_workbook
from services.sheets.financing_sheet import BAND_STEP_ROWS

from .recalc import needs_calc, recalculated

EXAMPLES = Path(__file__).parent.parent / "examples"


def _book(dossier):
    call = get_call(dossier.call)
    ev = evaluate(dossier, call)
    result = SimpleNamespace(dossier=dossier, evaluation=ev, call=call, record=SimpleNamespace(title="T"))
    return budget_workbook(result, lambda s: s), ev.funding


def _example(name: str):
    return dossier_from_json((EXAMPLES / f"{name}.json").read_bytes())


def _cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _figures(data: bytes, model: str) -> dict:
    assert model == "school_band"
    plan = recalculated(data).worksheets[1]
    figures = {key: _cents(plan[f"B{row}"].value) for key, row in BAND_STEP_ROWS.items()}
    labels = {plan.cell(row=r, column=1).value: r for r in range(1, plan.max_row + 1)}
    figures["own"] = _cents(plan[f"D{labels['Collectivité (autofinancement)']}"].value)
    figures["check"] = plan[f"B{labels['Total des ressources (égal au coût du projet)'] + 2}"].value
    return figures


def _expected(funding) -> dict:
    return {
        "schools_expense": sum((p.expense for p in funding.parts), Decimal(0)),
        "schools_eligible": sum((p.eligible for p in funding.parts), Decimal(0)),
        "state": funding.state_subsidy,
        "cost": funding.project_cost,
        "own": funding.own_contribution,
        "check": "OK",
    }


@pytest.mark.slow
@needs_calc
@pytest.mark.parametrize("name", ["label-village", "label-rpi"])
def test_libreoffice_computes_the_engines_band_subsidy(name):
    data, funding = _book(_example(name))
    assert _figures(data, "school_band") == _expected(funding)


@pytest.mark.slow
@needs_calc
def test_after_a_change_of_quantities_the_band_subsidy_follows():
    dossier = _example("label-village")
    data, _funding = _book(dossier)
    book = load_workbook(io.BytesIO(data))
    budget = book.worksheets[0]
    changed = replace(dossier, lines=[replace(ln, quantity=ln.quantity * 2) for ln in dossier.lines])
    for row in range(FIRST, budget.max_row + 1):  # the quantities typed in the sheet, doubled
        if isinstance(budget[f"F{row}"].value, (int, float, Decimal)) and budget[f"H{row}"].value:
            budget[f"F{row}"] = budget[f"F{row}"].value * 2
    out = io.BytesIO()
    book.save(out)
    expected = _expected(evaluate(changed, get_call(changed.call)).funding)
    assert _figures(out.getvalue(), "school_band") == expected


@pytest.mark.parametrize("name", ["ville-14-ecoles", "label-village"])
def test_every_sheet_prints_landscape_one_page_wide_with_its_header_rows(name):
    data, _funding = _book(_example(name))
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows, sheet.title  # the header row repeats on every page
        money = {c.column_letter for row in sheet.iter_rows() for c in row if "€" in str(c.number_format)}
        for letter in money:  # « 1 234 567,89 € » fits: no « ### »
            assert (sheet.column_dimensions[letter].width or 0) >= 14, (sheet.title, letter)


@pytest.mark.slow
@needs_calc
def test_a_call_without_volets_shows_its_spend_per_family_agreeing_with_the_schools_table():
    data, funding = _book(_example("label-village"))
    budget = recalculated(data).worksheets[0]
    labels = {budget.cell(row=r, column=1).value: r for r in range(1, budget.max_row + 1)}
    assert "Sous-totaux par volet" not in labels
    start = labels["Dépense par famille du référentiel"]
    headings = [budget.cell(row=start + 1, column=c).value for c in range(1, 12)]
    assert "Retenu après plafonds" not in headings and "Subvention de l'État" not in headings
    families = {budget[f"A{r}"].value: r for r in range(start + 2, start + 5)}
    family_total = start + 5
    assert budget[f"A{family_total}"].value == "Total"
    schools_total = next(
        r for r in range(labels["Subvention par école"], start) if budget[f"A{r}"].value == "Total"
    )
    # Every line counted once in both tables; the référentiel's spend (families 1 and 2) is the schools'.
    assert _cents(budget[f"D{family_total}"].value) == _cents(budget[f"D{schools_total}"].value) > 0
    referentiel = _cents(budget[f"F{families[1]}"].value) + _cents(budget[f"F{families[2]}"].value)
    assert referentiel == _cents(budget[f"F{schools_total}"].value)
    assert referentiel == sum((p.expense for p in funding.parts), Decimal(0))
    assert all(
        budget[f"{c}{r}"].value in (None, "") for c in "GH" for r in range(start + 1, family_total + 1)
    )
