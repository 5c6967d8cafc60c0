"""Every printed page of the budget workbook says which dossier it is (reference, title), that
it is a draft or a practice dossier, and its page number out of the total."""

from __future__ import annotations

from types import SimpleNamespace

from grants.call import get_call
from grants.evaluation import evaluate
from services.sheets.budget_book import budget_workbook

from .test_label_book import _example


def _sheets(**record):
    dossier = _example("ville-14-ecoles")
    call = get_call(dossier.call)
    result = SimpleNamespace(
        dossier=dossier, evaluation=evaluate(dossier, call), call=call, record=SimpleNamespace(**record)
    )
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(budget_workbook(result, lambda s: s))).worksheets


def test_every_sheet_prints_the_reference_the_title_the_draft_mark_and_the_page():
    sheets = _sheets(
        title="Écoles de Vauclair", reference="SNEE-2021-000042", state="brouillon", practice=False
    )
    assert len(sheets) == 2
    for sheet in sheets:
        assert "SNEE-2021-000042" in sheet.oddHeader.left.text and sheet.title in sheet.oddHeader.left.text
        assert sheet.oddHeader.center.text == "Écoles de Vauclair"
        assert "BROUILLON" in sheet.oddHeader.right.text and "ENTRAÎNEMENT" not in sheet.oddHeader.right.text
        assert sheet.oddFooter.center.text == "page &P / &N"


def test_a_practice_dossier_says_so_and_a_deposited_one_is_no_draft():
    practice = _sheets(title="T & co", reference="R", state="brouillon", practice=True)
    assert all("ENTRAÎNEMENT" in s.oddHeader.right.text for s in practice)
    assert practice[0].oddHeader.center.text == "T && co"  # « & » printed as such
    filed = _sheets(title="T", reference="R", state="depose", practice=False)
    assert all("BROUILLON" not in (s.oddHeader.right.text or "") for s in filed)
