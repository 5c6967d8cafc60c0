"""Number formats and cell styles shared by the sheets the application writes."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

EURO = '#,##0.00\\ "€"'
RATE = "0.0\\ %"
COUNT = "0"  # a count the application computes (pupils)
CHECK = ";;;@"  # a check's verdict (« OK », « ÉCART … »): text only
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="DCE3F2")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def header_row(sheet, row: int, values: list[str]) -> None:
    """A bold, shaded header row."""
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def total_row(sheet, row: int, last_col: int) -> None:
    """A bold, shaded total row."""
    for col in range(1, last_col + 1):
        cell = sheet.cell(row=row, column=col)
        cell.font, cell.fill = BOLD, TOTAL_FILL


def money(sheet, ref: str, value) -> None:
    """An amount (or a formula giving one) in euros."""
    sheet[ref] = value
    sheet[ref].number_format = EURO


def rate(sheet, ref: str, value) -> None:
    """A share or a rate as a percentage."""
    sheet[ref] = value
    sheet[ref].number_format = RATE


def widths(sheet, values: dict[str, int]) -> None:
    for col, width in values.items():
        sheet.column_dimensions[col].width = width
