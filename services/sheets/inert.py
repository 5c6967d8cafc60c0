"""What people typed stays text in the spreadsheets the application writes: a school named
`=HYPERLINK("http://…")` must not become a live formula when an inspector or a finance
department opens the file (CSV / formula injection, OWASP)."""

from __future__ import annotations

# How a cell starts when a spreadsheet program would compute it
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A CSV field no spreadsheet program computes: text that starts like a formula gets a
    leading apostrophe (shown by the program as plain text); numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def typed_text_stays_text(sheet, own_formula_formats: tuple[str, ...] = ()) -> None:
    """Turn back into text every formula cell the application did not write itself; its own
    formulas all carry one of `own_formula_formats` (an amount, a rate)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" and cell.number_format not in own_formula_formats:
                cell.data_type = "s"
