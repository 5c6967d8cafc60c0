"""The financing plan's checks can fail: the resources are compared with the cost computed
again from the budget's lines, so an amount typed over a formula (the own share, a line's
total) shows as a gap once LibreOffice recalculates; the collectivité's minimum share is a
visible check too."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from services.sheets.budget_book import FIRST, HT

from .recalc import needs_calc, recalculated
from .test_label_book import _book, _example


def _labels(sheet) -> dict:
    return {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}


def _check_row(sheet) -> int:
    return next(
        r for v, r in _labels(sheet).items() if str(v or "").startswith("Contrôle : total des ressources")
    )


def _verdict(data: bytes) -> str:
    plan = recalculated(data).worksheets[1]
    return plan[f"B{_check_row(plan)}"].value


def _tampered(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.slow
@needs_calc
@pytest.mark.parametrize("name", ["ville-14-ecoles", "label-village"])
def test_the_check_holds_as_written_and_fails_when_a_figure_is_typed_over(name):
    data, funding = _book(_example(name))
    assert _verdict(data) == "OK"

    def own_share(book):
        plan = book.worksheets[1]
        row = _labels(plan)["Collectivité (autofinancement)"]
        plan[f"D{row}"] = float(funding.own_contribution) + 100

    assert _verdict(_tampered(data, own_share)).startswith("ÉCART")

    def line_total(book):
        budget = book.worksheets[0]
        budget[f"{HT}{FIRST}"] = 1.0  # a line's HT typed over its quantity × price

    assert _verdict(_tampered(data, line_total)).startswith("ÉCART")


@pytest.mark.slow
@needs_calc
def test_the_minimum_share_is_a_visible_check():
    data, _funding = _book(_example("ville-14-ecoles"))
    plan = recalculated(data).worksheets[1]
    labels = _labels(plan)
    assert plan[f"B{labels['Contrôle : participation minimale atteinte']}"].value in ("OK", "ÉCART")
