"""Workbooks built to exhaust a worker (issue 13: 294 KB, one row of 2.5 million inline-string
cells, 95 MB unzipped, killed a worker after 31 s and 1.6 GB): the reading counts rows, cells per
row and cells while it streams, and refuses with a clear message long before the work grows.
The time and the memory are measured by `python -m bench uploads` (bench/uploads.py)."""

from __future__ import annotations

import pytest

from bench.bombs import one_row_bomb, workbook_of_rows
from services.sheets.reading import MAX_CELLS, MAX_COLUMNS, SheetRefused, read_table

from .conftest import text_of, upload


def test_the_one_row_bomb_of_the_issue_is_refused_with_a_clear_message():
    with pytest.raises(SheetRefused) as refused:
        read_table(one_row_bomb(), "ecoles.xlsx")
    assert "colonnes" in str(refused.value)


def test_a_row_wider_than_any_import_is_refused():
    with pytest.raises(SheetRefused, match="colonnes"):
        read_table(workbook_of_rows(2, MAX_COLUMNS + 1), "ecoles.xlsx")


def test_too_many_cells_in_all_are_refused_even_in_narrow_rows():
    with pytest.raises(SheetRefused, match="cellules"):
        read_table(workbook_of_rows(MAX_CELLS // 100 + 1, 100), "ecoles.xlsx")


def test_a_workbook_at_the_limits_is_still_read():
    table = read_table(workbook_of_rows(20, MAX_COLUMNS), "ecoles.xlsx")
    assert len(table.rows) == 20 and len(table.rows[0][1]) == MAX_COLUMNS


def test_a_wide_csv_row_is_refused_too():
    with pytest.raises(SheetRefused, match="colonnes"):
        read_table(b"UAI;Nom\n" + b";" * (MAX_COLUMNS + 5) + b"x\n", "ecoles.csv")


def test_a_workbook_declaring_entities_is_refused():
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook_of_rows(1, 1))) as source, zipfile.ZipFile(data, "w") as out:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1
                )
            out.writestr(name, content)
    with pytest.raises(SheetRefused):
        read_table(data.getvalue(), "ecoles.xlsx")


def test_a_member_sending_the_bomb_gets_the_message_and_nothing_imported(team):
    member, _org, dossier_id = team
    response = upload(member, dossier_id, "ecoles", "ecoles.xlsx", one_row_bomb())
    assert response.status_code in (200, 422)
    assert "colonnes" in text_of(response)
