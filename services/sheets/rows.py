"""A table to checked rows: the header found, each cell read, every problem kept with its row
and column. The rows come out in a plain form (text, numbers, codes) that can travel in a form
field and be checked again, by the same code, when the import is confirmed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from grants.call import CallDefinition
from grants.i18n import N_, fmt_number
from grants.loader import MAXIMUM

from . import values as v
from .columns import INVENTORY, LINES, Column, HeaderMatch, columns_for, match_headers
from .reading import SheetRefused, Table

HEADER_SEARCH = 10
UNCOMPUTED = object()


@dataclass(frozen=True)
class CellError:
    """A problem of one cell (or one row), where a spreadsheet program shows it."""

    row: int
    column: str
    letter: str
    message: str
    params: dict = field(default_factory=dict)

    def render(self, translate) -> str:
        """The problem in the user's language (`translate` is a gettext)."""
        return translate(self.message) % self.params if self.params else translate(self.message)


@dataclass
class Parsed:
    """The rows of an import in plain form, the problems found, the columns left aside."""

    kind: str
    rows: list[dict] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)
    wrong: set[tuple[int, str]] = field(default_factory=set)

    def error(self, row: int, key: str, message: str, **params: Any) -> None:
        self.wrong.add((row, key))
        self.errors.append(
            CellError(row, self.headers.get(key, key), self.letters.get(key, ""), message, params)
        )


def _readers(kind: str, call: CallDefinition) -> dict[str, Callable[[Any], Any]]:
    """How each column's cell becomes a plain value (Decimals travel as text)."""
    if kind == LINES:
        names = v.category_names(call)
        return {
            "school": v.uai_of,
            "category": lambda c: v.category_of(c, names),
            "label": lambda c: v.text_field(c, 300),
            "quantity": lambda c: str(v.amount_of(c, positive=True)),
            "unit_price_ht": lambda c: str(v.amount_of(c)),
            "vat_rate": lambda c: str(v.rate_of(c)),
            "duration_months": v.months_of,
        }
    return {
        "uai": v.uai_of,
        "name": lambda c: v.text_field(c, 200),
        "kind": v.school_kind_of,
        "sector": v.sector_of,
        "classes": v.count_of,
        "pupils": v.count_of,
    }


def parse_table(table: Table, kind: str, call: CallDefinition) -> Parsed:
    """The rows of a file for an import of schools or lines; raises SheetRefused for the whole."""
    columns = columns_for(kind, call)
    header_at, match = _find_header(table, columns)
    _check_columns(match, columns)
    parsed = Parsed(
        kind,
        ignored=match.ignored,
        headers=match.headers,
        letters={k: column_letter(i + 1) for k, i in match.positions.items()},
    )
    data = table.rows[header_at + 1 :]
    if not data:
        raise SheetRefused(N_("Le fichier ne contient que la ligne d'en-têtes : aucune ligne à importer."))
    raw_rows = [
        (number, {k: _cell(table, number, cells, i) for k, i in match.positions.items()})
        for number, cells in data
    ]
    return check_rows(raw_rows, kind, call, parsed)


def _cell(table: Table, number: int, cells: list, index: int) -> Any:
    if (number, index) in table.uncomputed:
        return UNCOMPUTED
    return cells[index] if index < len(cells) else None


def check_rows(
    raw_rows: list[tuple[int, dict]], kind: str, call: CallDefinition, parsed: Parsed | None = None
) -> Parsed:
    """Read every cell of rows given as {key: cell}; also checks rows already in plain form."""
    parsed = parsed or Parsed(kind)
    readers = _readers(kind, call)
    required = {c.key for c in columns_for(kind, call) if c.required and c.key != "school"}
    for number, raw in raw_rows:
        row: dict[str, Any] = {"_row": number}
        for key, cell in raw.items():
            row[key] = _read(parsed, number, key, cell, readers, required)
        parsed.rows.append(row)
    _check_together(parsed)
    return parsed


def _read(parsed: Parsed, number: int, key: str, cell: Any, readers: dict, required: set[str]) -> Any:
    if cell is UNCOMPUTED:
        parsed.error(
            number,
            key,
            N_(
                "la cellule contient une formule dont le classeur n'a pas enregistré le "
                "résultat : ouvrez le fichier dans Excel ou LibreOffice, enregistrez-le, "
                "puis envoyez-le à nouveau"
            ),
        )
        return None
    if v.is_blank(cell):
        if key in required:
            parsed.error(number, key, N_("cette cellule est obligatoire"))
        return None
    reader = readers.get(key) or (v.count_of if key.startswith(INVENTORY) else None)
    if reader is None:
        return None
    try:
        return reader(cell)
    except v.Invalid as invalid:
        parsed.error(number, key, invalid.message, **invalid.params)
        return None


def _check_together(parsed: Parsed) -> None:
    """A UAI twice in a file of schools: the second row is the problem. A line's total must stay
    within the limit of each of its numbers, or the dossier's stored totals overflow."""
    if parsed.kind == LINES:
        for row in parsed.rows:
            if (
                row.get("quantity")
                and row.get("unit_price_ht")
                and Decimal(row["quantity"]) * Decimal(row["unit_price_ht"]) > MAXIMUM
            ):
                parsed.error(
                    row["_row"],
                    "unit_price_ht",
                    N_("Le total de la ligne dépasse %(max)s € : vérifiez la quantité et le prix."),
                    max=fmt_number(MAXIMUM, "fr"),
                )
        return
    seen: dict[str, int] = {}
    for row in parsed.rows:
        uai = row.get("uai")
        if uai and uai in seen:
            parsed.error(
                row["_row"],
                "uai",
                N_("l'UAI %(uai)s figure déjà à la ligne %(first)s du fichier"),
                uai=uai,
                first=seen[uai],
            )
        elif uai:
            seen[uai] = row["_row"]


def _find_header(table: Table, columns: tuple[Column, ...]) -> tuple[int, HeaderMatch]:
    """The first of the top rows that names two known columns (a title may sit above it)."""
    if not table.rows:
        raise SheetRefused(N_("Le fichier ne contient aucune ligne."))
    for index, (_number, cells) in enumerate(table.rows[:HEADER_SEARCH]):
        match = match_headers(cells, columns)
        if len(match.positions) >= 2:
            return index, match
    return 0, match_headers(table.rows[0][1], columns)


def _check_columns(match: HeaderMatch, columns: tuple[Column, ...]) -> None:
    if match.duplicates:
        key, headers = match.duplicates[0]
        raise SheetRefused(
            N_("Plusieurs colonnes désignent la même donnée : %(headers)s. Gardez-en une seule."),
            headers=", ".join(f"« {h} »" for h in headers),
        )
    missing = [c.header for c in columns if c.required and c.key not in match.positions]
    if missing:
        raise SheetRefused(
            N_("Colonnes obligatoires absentes : %(missing)s. Colonnes lues dans le fichier : %(found)s."),
            missing=", ".join(f"« {h} »" for h in missing),
            found=", ".join(f"« {h} »" for h in [*match.headers.values(), *match.ignored]) or "—",
        )


def column_letter(number: int) -> str:
    """A spreadsheet's column name (1 → A, 27 → AA), without importing openpyxl."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
