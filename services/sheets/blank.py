"""The templates to download: the import's headers in CSV (as French Excel writes it) and in
XLSX with drop-down lists and a help sheet."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from grants.call import CallDefinition
from grants.i18n import N_
from grants.labels import CATEGORY_LABELS, SCHOOL_KIND_LABELS, SECTOR_LABELS

from .columns import LINES, Column, columns_for
from .inert import PrintableSheet, typed_text_stays_text

TEMPLATE_ROWS = 2000
HEADER_FILL = PatternFill("solid", fgColor="DCE3F2")


def template_csv(kind: str, call: CallDefinition) -> bytes:
    """The header row, `;`-separated, UTF-8 with a BOM so that Excel shows the accents."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(c.header for c in columns_for(kind, call))
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def template_xlsx(
    kind: str, call: CallDefinition, schools: list[tuple[str, str]], translate: Callable[[str], str]
) -> bytes:
    """A workbook to fill in: the headers, lists to pick from, and what each column accepts."""
    columns = columns_for(kind, call)
    book = Workbook()
    sheet = book.active
    sheet.title = translate(N_("Lignes")) if kind == LINES else translate(N_("Écoles"))
    _headers(sheet, columns)
    lists = book.create_sheet(translate(N_("Listes")))
    ranges = _lists(PrintableSheet(lists), kind, call, schools, translate)
    typed_text_stays_text(lists)  # a school named =HYPERLINK(…) stays a name
    for key, ref in ranges.items():
        _drop_down(sheet, columns, key, f"'{lists.title}'!{ref}")
    _help(book.create_sheet(translate(N_("Aide"))), columns, translate)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _headers(sheet, columns: tuple[Column, ...]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(column.header) + 2))
    sheet.freeze_panes = "A2"


def _lists(
    sheet, kind: str, call: CallDefinition, schools: list[tuple[str, str]], translate: Callable[[str], str]
) -> dict[str, str]:
    """Write the lists side by side; returns each column's range of choices."""
    if kind == LINES:
        blocks = {
            "category": (
                translate(N_("Catégorie")),
                [CATEGORY_LABELS.get(c, c) for c in call.categories],
                [c for c in call.categories],
            ),
            "school": (translate(N_("École")), [uai for uai, _name in schools], [n for _uai, n in schools]),
        }
    else:
        blocks = {
            "kind": (
                translate(N_("Type d'école")),
                list(SCHOOL_KIND_LABELS.values()),
                list(SCHOOL_KIND_LABELS),
            ),
            "sector": (translate(N_("Secteur")), list(SECTOR_LABELS.values()), list(SECTOR_LABELS)),
        }
    ranges = {}
    for index, (key, (title, choices, notes)) in enumerate(blocks.items()):
        col = 2 * index + 1
        sheet.cell(row=1, column=col, value=title).font = Font(bold=True)
        for row, (choice, note) in enumerate(zip(choices, notes, strict=True), start=2):
            sheet.cell(row=row, column=col, value=choice)
            sheet.cell(row=row, column=col + 1, value=note)
        for c in (col, col + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 45
        if choices:
            letter = get_column_letter(col)
            ranges[key] = f"${letter}$2:${letter}${len(choices) + 1}"
    return ranges


def _drop_down(sheet, columns: tuple[Column, ...], key: str, formula: str) -> None:
    index = next(i for i, c in enumerate(columns, start=1) if c.key == key)
    # Free typing stays allowed ("privé sous contrat" is read as well as the list's wording).
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
    letter = get_column_letter(index)
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    sheet.add_data_validation(rule)


def _help(sheet, columns: tuple[Column, ...], translate: Callable[[str], str]) -> None:
    titles = (N_("Colonne"), N_("Obligatoire"), N_("Contenu"), N_("Autres en-têtes acceptés"))
    for col, title in enumerate(titles, start=1):
        sheet.cell(row=1, column=col, value=translate(title)).font = Font(bold=True)
    for row, column in enumerate(columns, start=2):
        required = translate(N_("oui")) if column.required else translate(N_("non"))
        for col, value in enumerate(
            (
                column.header,
                required,
                translate(column.hint) if column.hint else "",
                ", ".join(column.variants),
            ),
            start=1,
        ):
            sheet.cell(row=row, column=col, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (40, 12, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
