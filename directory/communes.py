"""Reading INSEE's Code officiel géographique, list of communes (`v_commune_2024.csv`, open data):
TYPECOM, COM, REG, DEP, CTCD, ARR, TNCC, NCC, NCCENR, LIBELLE, CAN, COMPARENT."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from grants.i18n import N_

from .parse import KEPT_ERRORS, _open, _records
from .records import FileRefused, RowError
from .text import header_key

TITLE = N_("Code officiel géographique de l'INSEE (communes)")
COLUMNS = ("TYPECOM", "COM", "REG", "DEP", "LIBELLE", "COMPARENT")
# COM: a commune; COMA, COMD: a commune associée or déléguée; ARM: an arrondissement of Paris,
# Lyon or Marseille (their parent is the commune).
TYPES = ("COM", "COMA", "COMD", "ARM")
_CODE = re.compile(r"^(?:\d\d|2A|2B)\d{3}$")


@dataclass(frozen=True, slots=True)
class CommuneRow:
    """One row of the COG: a code and what INSEE calls it."""

    code: str
    typecom: str
    name: str
    departement: str
    region: str
    parent: str


@dataclass
class ParsedCommunes:
    """The communes of a file, and the rows that could not be read."""

    name: str
    rows: list[CommuneRow] = field(default_factory=list)
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_communes(path: Path | str) -> ParsedCommunes:
    """Every commune of a COG file as downloaded; FileRefused when it is not one."""
    path = Path(path)
    with _open(path) as text:
        headers, reader = _records(text, path.name)
        where = {header_key(h): i for i, h in enumerate(headers)}
        missing = [c for c in COLUMNS if header_key(c) not in where]
        if missing:
            raise FileRefused(
                path.name,
                N_(
                    "ce n'est pas la liste des communes du code officiel géographique : colonnes manquantes : %(columns)s"
                ),
                {"columns": ", ".join(missing)},
            )
        parsed = ParsedCommunes(path.name)
        index = {c: where[header_key(c)] for c in COLUMNS}
        for row in reader:
            if any(cell.strip() for cell in row):
                _read_row(parsed, reader.line_num + 1, row, index, len(headers))  # + the header line
    return parsed


def _read_row(parsed: ParsedCommunes, line: int, row: list[str], index: dict[str, int], width: int) -> None:
    if len(row) != width:
        _reject(
            parsed,
            line,
            N_("%(found)s colonnes au lieu de %(expected)s"),
            {"found": len(row), "expected": width},
        )
        return
    value = {c: row[i].strip() for c, i in index.items()}
    if value["TYPECOM"] not in TYPES or not _CODE.match(value["COM"]) or not value["LIBELLE"]:
        _reject(parsed, line, N_("commune illisible « %(code)s »"), {"code": value["COM"]})
        return
    parsed.rows.append(
        CommuneRow(
            value["COM"],
            value["TYPECOM"],
            value["LIBELLE"][:200],
            value["DEP"][:3],
            value["REG"][:2],
            value["COMPARENT"][:5],
        )
    )


def _reject(parsed: ParsedCommunes, line: int, message: str, params: dict) -> None:
    parsed.rejected += 1
    if len(parsed.errors) < KEPT_ERRORS:
        parsed.errors.append(RowError(line, message, params))
