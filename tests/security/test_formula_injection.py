"""A text typed as a formula stays text in every file the application writes, whichever separator
a spreadsheet program opens a CSV with (issue 13: `Ecoles;=2+2;fin` computed 4 in LibreOffice
opened with `;`, the French default)."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from models import DossierRecord, SchoolRecord, db
from services.sheets.inert import SEPARATORS, inert

ATTACKS = [
    "=2+2",
    "Ecoles;=2+2;fin",
    "Ecoles,=2+2,fin",
    "Ecoles\t=2+2\tfin",
    "Ecoles|=2+2|fin",
    "Ecoles\n=2+2",
    "Ecoles\r\n+1+1",
    "Ecoles; =2+2",
    'Ecoles;"=2+2"',
    "Ecoles;@SUM(A1)",
    "Ecoles;-1+1",
    '=HYPERLINK("http://evil.example","clic")',
    "\t=1+1",
]


def _opens_a_formula(piece: str) -> bool:
    return piece.strip(" \"'\r\n\t")[:1] in ("=", "+", "-", "@") and not piece.strip(' "\r\n\t').startswith(
        "'"
    )


@pytest.mark.parametrize("text", ATTACKS)
@pytest.mark.parametrize("separator", list(SEPARATORS.replace("\r", "")))
def test_no_piece_of_a_field_opens_a_formula_once_split(text, separator):
    pieces = inert(text).replace("\r\n", "\n").split(separator)
    assert not [p for p in pieces if _opens_a_formula(p)], pieces


@pytest.mark.parametrize("text", ATTACKS)
def test_the_field_as_a_whole_does_not_open_a_formula(text):
    assert not _opens_a_formula(inert(text).split("\n")[0]) or inert(text).startswith("\t")


def test_ordinary_texts_and_numbers_are_left_as_they_are():
    assert inert("École Jules-Ferry, bâtiment B") == "École Jules-Ferry, bâtiment B"
    assert inert(-12) == -12 and inert(None) is None


def _csv_cells(data: bytes, delimiter: str) -> list[str]:
    text = data.decode("utf-8-sig")
    return [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_the_inspection_csv_opened_with_any_separator_computes_nothing(app, world, delimiter):
    with app.app_context():
        db.session.execute(sa.update(DossierRecord).values(title="Ecoles;=2+2;fin|@A1,+3\t-4"))
        db.session.commit()
    response = world.client(app, "ien_x").get("/inspection/export.csv")
    cells = _csv_cells(response.data, delimiter)
    assert not [c for c in cells if _opens_a_formula(c)]


def test_a_school_named_as_a_formula_stays_text_in_the_import_template(app, world):
    with app.app_context():
        db.session.execute(sa.update(SchoolRecord).values(name='=HYPERLINK("http://evil.example")'))
        db.session.commit()
    url = f"/dossiers/{world.dossiers['A2']}/import/lignes/modele.xlsx"
    book = load_workbook(io.BytesIO(world.client(app, "member_a").get(url).data))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert any("HYPERLINK" in str(c.value) for c in cells)
