"""Reading files whole or refusing them: what the web tests do not reach."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from services.sheets.reading import SheetRefused, read_table


def xlsx(*sheets: list[list]) -> bytes:
    book = Workbook()
    for index, rows in enumerate(sheets):
        ws = book.active if index == 0 else book.create_sheet()
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_empty_first_sheet_is_skipped_for_the_first_filled_one():
    table = read_table(xlsx([], [["UAI", "Nom"], ["0710001R", "École"]]), "classeur.xlsx")
    assert table.rows == [(1, ["UAI", "Nom"]), (2, ["0710001R", "École"])]


def test_rows_keep_their_numbers_across_blank_rows_of_a_workbook():
    table = read_table(xlsx([["Titre"], [], [], ["UAI"], [None], ["0710001R"]]), "c.xlsx")
    assert [n for n, _cells in table.rows] == [1, 4, 6]


def test_a_csv_field_too_long_for_the_reader_is_refused_with_its_line():
    data = b"UAI;Nom\n0710001R;" + b'"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(SheetRefused) as caught:
        read_table(data, "long.csv")
    assert caught.value.params["row"] == 2


def test_utf16_text_as_excel_saves_unicode_text():
    data = "UAI\tNom\r\n0710001R\tÉcole\r\n".encode("utf-16")
    assert read_table(data, "unicode.txt").rows[1] == (2, ["0710001R", "École"])


def test_a_csv_without_extension_is_read_and_a_zip_without_workbook_refused():
    assert read_table(b"UAI;Nom\n", "export").rows == [(1, ["UAI", "Nom"])]
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(SheetRefused, match="pas un classeur Excel"):
        read_table(out.getvalue(), "rapport.docx")


def test_a_nul_byte_anywhere_in_a_csv_refuses_it():
    data = b"UAI;Nom\n" + b"0710001R;Ecole\n" * 10_000 + b"0710001R;Eco\x00le\n"
    with pytest.raises(SheetRefused, match="pas un tableau"):
        read_table(data, "nul.csv")


def test_breaks_pasted_from_word_become_spaces_and_invisible_formatting_is_dropped():
    from services.sheets.values import text_field

    assert text_field("École\vdes\x0cLilas\u200b", 200) == "École des Lilas"


@pytest.mark.parametrize("name", ["École\x07 des Lilas", "Eco\x00le", "A\x1bB", "A\x7fB"])
def test_other_control_characters_in_a_name_are_refused_with_the_character_named(name):
    from services.sheets.values import Invalid, text_field

    with pytest.raises(Invalid) as refused:
        text_field(name, 200)
    assert refused.value.params["code"].startswith("U+")
