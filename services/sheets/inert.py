"""What people typed stays text in the spreadsheets the application writes: a school named
`=HYPERLINK("http://…")` must not become a live formula when an inspector or a finance
department opens the file (CSV / formula injection, OWASP)."""

from __future__ import annotations

import re

from grants.text import printable

# How a cell starts when a spreadsheet program would compute it
FORMULA_START = "=+-@"
# Where a spreadsheet program may cut a field into cells: the separator it guesses or is told
# (LibreOffice in French proposes `;`; others `,`, tab, `|`) and line breaks.
SEPARATORS = ";,\t|\r\n"
# A piece that starts like a formula, maybe after spaces or quotes a program would trim
_FORMULA_PIECE = re.compile(rf"(^|[{re.escape(SEPARATORS)}])([ \"']*)(?=[{re.escape(FORMULA_START)}])")


def inert(value):
    """A CSV field no spreadsheet program computes, whatever separator it is opened with: the
    field, and each piece of it between separators, that starts like a formula gets a leading
    apostrophe (shown as plain text); control characters are dropped and a line break becomes a
    space (one row per dossier); numbers are left alone."""
    if not isinstance(value, str):
        return value
    return _FORMULA_PIECE.sub(lambda m: f"{m.group(1)}'{m.group(2)}", printable(value))


def typed_text_stays_text(sheet, own_formula_formats: tuple[str, ...] = ()) -> None:
    """Turn back into text every formula cell the application did not write itself; its own
    formulas all carry one of `own_formula_formats` (an amount, a rate)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" and cell.number_format not in own_formula_formats:
                cell.data_type = "s"


def sheet_value(value):
    """A value a worksheet can hold whatever is stored: text without control characters
    (openpyxl refuses them with IllegalCharacterError), anything else as it is."""
    return printable(value) if isinstance(value, str) else value


class PrintableSheet:
    """A worksheet whose writes (`ws["A1"] = …`, `ws.cell(…, value=…)`, `ws.append(…)`) drop the
    characters a workbook cannot hold; everything else is the worksheet's own."""

    def __init__(self, sheet):
        object.__setattr__(self, "_sheet", sheet)

    @property
    def worksheet(self):
        """The openpyxl worksheet itself."""
        return self._sheet

    def __getattr__(self, name):
        return getattr(self._sheet, name)

    def __setattr__(self, name, value):
        setattr(self._sheet, name, value)

    def __getitem__(self, key):
        return self._sheet[key]

    def __setitem__(self, key, value):
        self._sheet[key] = sheet_value(value)

    def cell(self, row: int, column: int, value=None):
        return self._sheet.cell(row=row, column=column, value=sheet_value(value))

    def append(self, values) -> None:
        self._sheet.append([sheet_value(v) for v in values])
