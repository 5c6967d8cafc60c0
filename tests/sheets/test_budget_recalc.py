"""The budget workbook recalculated by LibreOffice Calc: its financing plan gives the engine's
figures, and after a change of quantities every figure follows (the plan is formulas, linked to
the budget sheet), with the check that resources equal the cost still « OK »."""

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
from services.sheets.financing_sheet import RESOURCES, STEP_ROWS

from .recalc import needs_calc, recalculated

EXAMPLES = Path(__file__).parent.parent / "examples"
pytestmark = [pytest.mark.slow, needs_calc]


def _book(dossier):
    call = get_call(dossier.call)
    ev = evaluate(dossier, call)
    result = SimpleNamespace(dossier=dossier, evaluation=ev, call=call, record=SimpleNamespace(title="T"))
    return budget_workbook(result, lambda s: s), ev.funding


def _cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _plan_figures(plan) -> dict:
    figures = {key: _cents(plan[f"B{row}"].value) for key, row in STEP_ROWS.items() if key != "pupils"}
    labels = {plan.cell(row=r, column=1).value: r for r in range(RESOURCES, plan.max_row + 1)}
    figures["own"] = _cents(plan[f"D{labels['Collectivité (autofinancement)']}"].value)
    total = labels["Total des ressources (égal au coût du projet)"]
    figures["resources"] = _cents(plan[f"D{total}"].value)
    figures["shares"] = Decimal(str(plan[f"E{total}"].value))
    figures["check"] = plan[f"B{total + 2}"].value
    return figures


def _expected(funding) -> dict:
    return {
        "equipment_before_cap": funding.equipment.before_cap,
        "equipment_eligible": funding.equipment.eligible,
        "equipment_subsidy": funding.equipment.subsidy,
        "services_kept": funding.services.before_cap,
        "services_cap": funding.services.cap,
        "services_eligible": funding.services.eligible,
        "services_subsidy": funding.services.subsidy,
        "state": funding.state_subsidy,
        "cost": funding.project_cost,
        "own": funding.own_contribution,
        "resources": funding.project_cost,
    }


@pytest.mark.parametrize("name", ["ville-14-ecoles", "petite-commune", "dossier-a-corriger"])
def test_libreoffice_computes_the_engines_financing_plan(name):
    dossier = dossier_from_json((EXAMPLES / f"{name}.json").read_bytes())
    data, funding = _book(dossier)
    figures = _plan_figures(recalculated(data).worksheets[1])
    assert {k: figures[k] for k in _expected(funding)} == _expected(funding)
    if funding.project_cost > 0:
        assert figures["check"] == "OK" and figures["shares"] == pytest.approx(1)


def test_after_a_change_of_quantities_every_figure_follows():
    dossier = dossier_from_json((EXAMPLES / "ville-14-ecoles.json").read_bytes())
    data, _ = _book(dossier)
    # The finance department doubles the Wi-Fi access points of every school, in the workbook.
    book = load_workbook(io.BytesIO(data))
    budget = book.worksheets[0]
    changed = dict(enumerate(dossier.lines))
    row = FIRST
    while budget[f"A{row}"].value not in (None, "Total"):
        if budget[f"D{row}"].value == "Bornes Wi-Fi":
            budget[f"F{row}"] = budget[f"F{row}"].value * 2
        row += 1
    out = io.BytesIO()
    book.save(out)
    # The engine's figures for the same change, made in the dossier.
    lines = [
        replace(line, quantity=line.quantity * 2) if line.category == "reseau_wifi" else line
        for line in changed.values()
    ]
    _, funding = _book(replace(dossier, lines=lines))
    figures = _plan_figures(recalculated(out.getvalue()).worksheets[1])
    assert {k: figures[k] for k in _expected(funding)} == _expected(funding)
    assert figures["cost"] != Decimal("379703.70")  # it moved
    assert figures["check"] == "OK"


@pytest.mark.parametrize("name", ["label-village", "label-rpi"])
def test_libreoffice_computes_a_school_band_call_s_plan(name):
    """The second call funds each school within its floor and cap: the budget sheet computes
    each school's subsidy, the plan their sum, and both give the engine's figures."""
    from services.sheets.financing_sheet import BAND_STEP_ROWS

    dossier = dossier_from_json((EXAMPLES / f"{name}.json").read_bytes())
    data, funding = _book(dossier)
    plan = recalculated(data).worksheets[1]
    figures = {key: _cents(plan[f"B{row}"].value) for key, row in BAND_STEP_ROWS.items()}
    (part,) = funding.parts
    assert figures == {
        "schools_expense": part.expense,
        "schools_eligible": part.eligible,
        "state": funding.state_subsidy,
        "cost": funding.project_cost,
    }
    labels = {plan.cell(row=r, column=1).value: r for r in range(RESOURCES, plan.max_row + 1)}
    assert _cents(plan[f"D{labels['Collectivité (autofinancement)']}"].value) == funding.own_contribution
    total = labels["Total des ressources (égal au coût du projet)"]
    assert plan[f"B{total + 2}"].value == "OK"
