"""The finance department gets the budget as a workbook whose formulas give the engine's figures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from services.dossiers import evaluated, load
from services.sheets.financing_sheet import RESOURCES, STEP_ROWS

from .conftest import confirm, token_of, upload
from .formulas import Sheet

EXAMPLES = Path(__file__).parent.parent / "examples"


def imported(member, org_id: int, example: str) -> int:
    """A new draft holding one of the shared example dossiers, sent as the team would."""
    response = member.post(
        f"/collectivites/{org_id}/dossiers/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO((EXAMPLES / example).read_bytes()), example)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].split("/dossiers/")[1].split("/")[0])


def workbook(member, dossier_id: int):
    response = member.get(f"/dossiers/{dossier_id}/fichiers/budget.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.data))


def rows_by_first_cell(ws) -> dict:
    found: dict = {}
    for row in range(1, ws.max_row + 1):
        found.setdefault(ws.cell(row=row, column=1).value, []).append(row)
    return found


@pytest.mark.parametrize(
    "example", ["ville-14-ecoles.json", "petite-commune.json", "dossier-a-corriger.json"]
)
def test_the_budget_formulas_give_the_engines_figures(team, app, example):
    member, org_id, _dossier = team
    dossier_id = imported(member, org_id, example)
    with app.app_context():
        result = evaluated(load(dossier_id))
    f = result.evaluation.funding
    budget, plan = workbook(member, dossier_id).worksheets
    sheet, rows = Sheet(budget), rows_by_first_cell(budget)
    counted = [ln for ln in f.lines if ln.counted]
    line_rows = range(5, 5 + len(counted))
    assert sorted(sheet.value(f"H{r}") for r in line_rows) == sorted(ln.ht for ln in counted)
    assert sorted(sheet.value(f"J{r}") for r in line_rows) == sorted(ln.ttc for ln in counted)
    total_lines, total_schools, total_volets = rows["Total"]
    assert sheet.value(f"H{total_lines}") == f.total_ht and sheet.value(f"J{total_lines}") == f.total_ttc
    assert sheet.value(f"K{total_lines}") == f.project_cost
    for school in {s.uai: s for s in reversed(f.schools)}.values():
        row = next(r for r in rows[school.uai] if total_lines < r < total_schools)
        assert (sheet.value(f"D{row}"), sheet.value(f"E{row}")) == (school.total_ht, school.total_ttc)
        assert sheet.value(f"F{row}") == school.equipment_expense
    assert sheet.value(f"D{total_schools}") == f.total_ht
    for volet, (ht, ttc, base) in f.totals_by_volet().items():
        row = next(
            r for r in range(total_schools, total_volets) if budget.cell(row=r, column=1).value == volet
        )
        assert (sheet.value(f"D{row}"), sheet.value(f"E{row}"), sheet.value(f"F{row}")) == (ht, ttc, base)
    assert budget[f"H{line_rows.start}"].number_format.endswith('"€"') if counted else True
    # The financing plan is formulas of the budget sheet (computed by LibreOffice in
    # test_budget_recalc.py): its cost is the budget's total base.
    cost = plan[f"B{STEP_ROWS['cost']}"].value
    assert cost == f"='{budget.title}'!K{total_lines}"
    assert plan[f"B{STEP_ROWS['state']}"].value.startswith("=")


def test_the_financing_plan_lists_the_state_the_funders_and_the_collectivite(team, app):
    member, org_id, _dossier = team
    dossier_id = imported(member, org_id, "ville-14-ecoles.json")
    with app.app_context():
        f = evaluated(load(dossier_id)).evaluation.funding
    plan = workbook(member, dossier_id).worksheets[1]
    cells = {
        plan.cell(row=r, column=1).value: plan.cell(row=r, column=4).value
        for r in range(RESOURCES, plan.max_row + 1)
    }
    assert cells["État — volet 1 (équipement et réseaux)"] == f"=$B${STEP_ROWS['equipment_subsidy']}"
    assert cells["Département"] == pytest.approx(25000)  # a fixed amount stays as typed
    # The own share from its parts: the cost less the State's subsidy and the co-funders.
    own = f"=$B${STEP_ROWS['cost']}-$B${STEP_ROWS['state']}-SUM("
    assert str(cells["Collectivité (autofinancement)"]).startswith(own)
    assert plan[f"D{RESOURCES}"].number_format == '#,##0.00\\ "€"'
    assert f.own_contribution > 0


def test_the_budget_workbook_speaks_english_to_an_english_user(with_schools):
    member, _org, dossier_id = with_schools
    confirm(
        member,
        dossier_id,
        "lignes",
        token_of(upload(member, dossier_id, "lignes", "lignes-formats-francais.csv")),
    )
    member.get("/langue/en")
    book = workbook(member, dossier_id)
    assert book.worksheets[0]["H4"].value == "Total excl. VAT"
    assert [ws.title for ws in book.worksheets] == ["Budget", "Financing plan"]


def test_an_empty_budget_gives_a_workbook_of_zeros_without_a_circular_formula(team):
    member, _org, dossier_id = team
    budget, plan = workbook(member, dossier_id).worksheets
    sheet, rows = Sheet(budget), rows_by_first_cell(budget)
    assert all(
        sheet.value(f"{col}{row}") == 0
        for row in rows["Total"]
        for col in "DEFHJK"
        if isinstance(budget[f"{col}{row}"].value, str) and not _reads_the_plan(budget, f"{col}{row}", row)
    )
    assert plan[f"B{STEP_ROWS['cost']}"].value.startswith(f"='{budget.title}'!K")


def _reads_the_plan(budget, ref: str, row: int) -> bool:
    """The volets' subsidies come from the financing plan (recalculated in test_budget_recalc)."""
    value = budget[ref].value
    above = [budget.cell(row=r, column=budget[ref].column).value for r in range(row - 3, row)]
    return "!" in value or any(isinstance(v, str) and "!" in v for v in above)
