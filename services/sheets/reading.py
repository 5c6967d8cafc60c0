"""An uploaded file to rows of cells: CSV in any usual French encoding and separator, or XLSX
read by its computed values. Anything else is refused with a reason, never half read."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from xml.parsers import expat

from grants.i18n import N_

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# An XLSX is a zip: a few kilobytes can unpack to gigabytes (a "zip bomb").
MAX_PHYSICAL_ROWS = 5 * MAX_ROWS
MAX_UNZIPPED = 100 * 1024 * 1024
# Counted while the XML streams, before openpyxl builds anything: a row of 2.5 million cells
# (300 KB zipped) would otherwise cost gigabytes. An import has a few dozen columns.
MAX_COLUMNS = 200
MAX_CELLS = 100_000  # 5,000 rows of 20 columns: a city has at most a few hundred schools
MAX_SHARED_STRINGS = MAX_CELLS
_CHUNK = 256 * 1024
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xltx")
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")
OTHER_SHEETS = (".xls", ".ods", ".numbers")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
Cell = Any


class SheetRefused(Exception):
    """The whole file is refused: `message` (a msgid with %(…)s parameters) says why."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.message, self.params = message, params

    def render(self, translate) -> str:
        """The reason in the user's language (`translate` is a gettext)."""
        return translate(self.message) % self.params if self.params else translate(self.message)


@dataclass
class Table:
    """The non-blank rows of a file, each with its number as a spreadsheet program shows it."""

    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    kind: str = "csv"
    # (row number, column index) of formulas whose result the workbook does not hold
    uncomputed: set[tuple[int, int]] = field(default_factory=set)


def read_table(data: bytes, filename: str) -> Table:
    """The rows of a CSV or XLSX file; raises SheetRefused when it cannot be read whole."""
    if not data:
        raise SheetRefused(N_("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise SheetRefused(N_("Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers."))
    if _file_kind(data, filename) == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _file_kind(data: bytes, filename: str) -> str:
    ext = PurePath(filename or "").suffix.lower()
    if ext in MACRO_EXTENSIONS:
        raise SheetRefused(
            N_(
                "Les classeurs contenant des macros (%(ext)s) sont refusés : enregistrez "
                "le classeur au format .xlsx (sans macros) ou CSV."
            ),
            ext=ext,
        )
    if data.startswith(OLE_SIGNATURE):
        raise SheetRefused(
            N_(
                "Ce fichier est un ancien classeur Excel (.xls) ou un classeur protégé par "
                "un mot de passe : enregistrez-le au format .xlsx ou CSV."
            )
        )
    if ext in OTHER_SHEETS:
        raise SheetRefused(
            N_("Le format %(ext)s n'est pas lu : enregistrez le tableau au format .xlsx ou CSV."), ext=ext
        )
    if data.startswith(b"PK\x03\x04") and ext not in CSV_EXTENSIONS:
        return "xlsx"
    if ext in XLSX_EXTENSIONS:
        raise SheetRefused(
            N_("Ce fichier n'est pas un classeur Excel lisible, bien que son nom se termine par %(ext)s."),
            ext=ext,
        )
    if ext and ext not in CSV_EXTENSIONS:
        raise SheetRefused(
            N_("Les fichiers %(ext)s ne sont pas acceptés : envoyez un fichier CSV ou Excel (.xlsx)."),
            ext=ext,
        )
    return "csv"


# CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetRefused(N_("Le fichier texte n'est pas lisible (UTF-16 invalide).")) from None
    if b"\x00" in data:
        raise SheetRefused(
            N_("Ce fichier n'est pas un tableau : ni un CSV (texte), ni un classeur Excel (.xlsx).")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls > max(2, len(sample) // 100) or "\ufffd" * 3 in sample


def sniff_delimiter(text: str) -> str:
    """The separator of the first non-blank line: `;` (French Excel), tab or `,`."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if _looks_binary(text):
        raise SheetRefused(
            N_("Ce fichier n'est pas un tableau : ni un CSV (texte), ni un classeur Excel (.xlsx).")
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    table = Table(kind="csv")
    number = 1
    try:
        for cells in reader:
            _check_physical(number)
            _check_columns(len(cells))
            _keep(table, number, cells)
            number = reader.line_num + 1
    except csv.Error as exc:
        raise SheetRefused(
            N_("Le CSV est mal formé à la ligne %(row)s : %(why)s."), row=number, why=str(exc)
        ) from None
    return table


def _keep(table: Table, number: int, cells: list[Cell], force: bool = False) -> None:
    """Add a row unless blank; refuse the file past the row limit."""
    if not force and all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
        return
    if len(table.rows) > MAX_ROWS:  # the header row comes on top of the limit
        raise SheetRefused(
            N_("Le fichier compte plus de %(max)s lignes : découpez-le en plusieurs fichiers."),
            max=_spaced(MAX_ROWS),
        )
    table.rows.append((number, list(cells)))


def _check_physical(number: int) -> None:
    """Blank rows are skipped, but not read forever."""
    if number > MAX_PHYSICAL_ROWS:
        raise SheetRefused(
            N_("Le fichier compte plus de %(max)s lignes : découpez-le en plusieurs fichiers."),
            max=_spaced(MAX_ROWS),
        )


def _check_columns(count: int) -> None:
    if count > MAX_COLUMNS:
        raise SheetRefused(
            N_(
                "Une ligne du fichier compte plus de %(max)s colonnes, alors que le tableau attendu en "
                "a quelques dizaines : envoyez le modèle rempli, ou seulement les colonnes du tableau."
            ),
            max=_spaced(MAX_COLUMNS),
        )


def _spaced(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


# XLSX --------------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetRefused(N_("Ce fichier n'est pas un classeur Excel lisible (.xlsx).")) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise SheetRefused(
            N_(
                "Ce classeur contient des macros : elles sont refusées. Enregistrez-le "
                "au format .xlsx sans macros, ou en CSV."
            )
        )
    if "xl/workbook.xml" not in names:
        raise SheetRefused(
            N_(
                "Ce fichier n'est pas un classeur Excel (.xlsx) : enregistrez le tableau "
                "au format .xlsx ou CSV."
            )
        )
    if unzipped > MAX_UNZIPPED:
        raise SheetRefused(
            N_("Le classeur est trop volumineux une fois décompressé : découpez-le en plusieurs fichiers.")
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in names:
            if _WORKSHEET.fullmatch(name) or name == "xl/sharedStrings.xml":
                _count_while_streaming(archive, name)


_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


class _Counter:
    """Counts rows, cells per row and cells (or shared strings) as expat reads; raises past a limit."""

    def __init__(self) -> None:
        self.rows = self.cells = self.in_row = self.strings = 0

    def start(self, name: str, _attributes) -> None:
        tag = name.rpartition(":")[2]
        if tag == "c":
            self.cells, self.in_row = self.cells + 1, self.in_row + 1
            if self.in_row > MAX_COLUMNS:
                _check_columns(self.in_row)
            if self.cells > MAX_CELLS:
                _too_many_cells()
        elif tag == "row":
            self.rows, self.in_row = self.rows + 1, 0
            _check_physical(self.rows)
        elif tag == "si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                _too_many_cells()


def _too_many_cells() -> None:
    raise SheetRefused(
        N_("Le classeur compte plus de %(max)s cellules : découpez-le en plusieurs fichiers."),
        max=_spaced(MAX_CELLS),
    )


def _no_declarations(*_args) -> None:
    # A workbook never declares a DTD: entities are how a few bytes expand to gigabytes.
    raise SheetRefused(N_("Ce fichier n'est pas un classeur Excel lisible (.xlsx)."))


def _count_while_streaming(archive: zipfile.ZipFile, name: str) -> None:
    """Read one part of the workbook through expat, keeping nothing but the counts."""
    counter, parser = _Counter(), expat.ParserCreate()
    parser.StartElementHandler = counter.start
    parser.StartDoctypeDeclHandler = _no_declarations
    parser.EntityDeclHandler = _no_declarations
    try:
        with archive.open(name) as part:
            read = 0
            while chunk := part.read(_CHUNK):
                read += len(chunk)
                if read > MAX_UNZIPPED:  # the sizes the zip declares can lie
                    raise SheetRefused(
                        N_(
                            "Le classeur est trop volumineux une fois décompressé : "
                            "découpez-le en plusieurs fichiers."
                        )
                    )
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise SheetRefused(
            N_(
                "Ce classeur Excel est endommagé ou illisible : ouvrez-le, "
                "enregistrez-le à nouveau au format .xlsx, ou envoyez un CSV."
            )
        ) from None


def _read_xlsx(data: bytes) -> Table:
    """The first filled worksheet by its computed values; formulas without one are marked."""
    _check_zip(data)
    from openpyxl import load_workbook

    books = []
    try:
        books = [load_workbook(io.BytesIO(data), read_only=True, data_only=flag) for flag in (True, False)]
        return _first_filled(books[0].worksheets, books[1].worksheets)
    except SheetRefused:
        raise
    except Exception:  # noqa: BLE001 - a broken workbook fails in many ways; none may be a 500
        raise SheetRefused(
            N_(
                "Ce classeur Excel est endommagé ou illisible : ouvrez-le, "
                "enregistrez-le à nouveau au format .xlsx, ou envoyez un CSV."
            )
        ) from None
    finally:
        for book in books:
            book.close()


def _first_filled(values: list, formulas: list) -> Table:
    """The first worksheet holding something (a cover or an emptied first sheet is skipped)."""
    table = Table(kind="xlsx")
    for values_ws, formulas_ws in zip(values, formulas, strict=True):
        table = _sheet_rows(values_ws, formulas_ws)
        if table.rows:
            break
    return table


def _sheet_rows(values_ws, formulas_ws) -> Table:
    table = Table(kind="xlsx")
    for ws in (values_ws, formulas_ws):
        ws.reset_dimensions()  # a wrong <dimension> would cut rows off or invent a million
    rows = zip(
        values_ws.iter_rows(min_row=1, values_only=True),
        formulas_ws.iter_rows(min_row=1, values_only=True),
        strict=False,
    )
    for number, (cells, raw) in enumerate(rows, start=1):
        _check_physical(number)
        missing = {
            (number, col)
            for col, (value, formula) in enumerate(zip(cells, raw, strict=False))
            if value is None and _is_formula(formula)
        }
        table.uncomputed |= missing
        _keep(table, number, list(cells), force=bool(missing))
    return table


def _is_formula(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ == "ArrayFormula"
