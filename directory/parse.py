"""Reading a directory file as downloaded: BOM, CRLF, `;`, headers of any year, bad rows counted."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import TextIO

from grants.i18n import N_

from .datasets import ANNUAIRE, Dataset, detect
from .records import FileRefused, ParsedFile, RowError
from .rows import RowProblem, establishment, headcount

SNIFF_BYTES = 1 << 16
KEPT_ERRORS = 20  # the first unreadable rows are reported one by one, the others counted


def _encoding(path: Path) -> str:
    """UTF-8 (with or without its byte-order mark), else Windows-1252 (a file re-saved by Excel)."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _delimiter(first_line: str) -> str:
    return max(";,\t", key=first_line.count)


def _open(path: Path) -> TextIO:
    try:
        encoding = _encoding(path)
        # errors="replace": one bad byte spoils one value, never the whole load.
        return path.open(encoding=encoding, errors="replace", newline="")
    except OSError as exc:
        raise FileRefused(
            path.name, N_("fichier illisible (%(reason)s)"), {"reason": exc.strerror or str(exc)}
        ) from exc


def _records(text: TextIO, name: str):
    """The headers (first line) and a reader of the rows after them."""
    first = text.readline()
    if not first.strip():
        raise FileRefused(name, N_("fichier vide : la première ligne doit porter les noms des colonnes"))
    delimiter = _delimiter(first)
    return next(csv.reader([first], delimiter=delimiter)), csv.reader(text, delimiter=delimiter)


def read_file(path: Path | str) -> ParsedFile:
    """Every school (annuaire) or headcount (effectifs) of a file; FileRefused when it is neither."""
    path = Path(path)
    with _open(path) as text:
        headers, reader = _records(text, path.name)
        dataset, where, missing = detect(headers)
        if missing:
            raise FileRefused(
                path.name,
                N_(
                    "ce n'est pas un fichier de données reconnu (le plus proche : %(dataset)s) : "
                    "colonnes manquantes : %(columns)s"
                ),
                {"dataset": dataset.title, "columns": ", ".join(missing)},
            )
        parsed = ParsedFile(path.name, dataset.code)
        _read_rows(parsed, dataset, where, len(headers), reader)
    return parsed


def _read_rows(parsed: ParsedFile, dataset: Dataset, where: dict[str, int], width: int, reader) -> None:
    convert = establishment if dataset is ANNUAIRE else headcount
    headers = {c.field: c.header for c in dataset.columns}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            _reject(parsed, reader.line_num + 1, N_("ligne mal formée (%(reason)s)"), {"reason": str(exc)})
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            _reject(
                parsed,
                reader.line_num + 1,
                N_("%(found)s colonnes au lieu de %(expected)s"),
                {"found": len(row), "expected": width},
            )
            continue
        try:
            item = convert({name: row[i] for name, i in where.items()})
        except RowProblem as problem:
            params = dict(problem.params)
            if "column" in params:
                params["column"] = headers.get(params["column"], params["column"])
            _reject(parsed, reader.line_num + 1, problem.message, params)
            continue
        if item is None:
            parsed.skipped += 1
        else:
            parsed.rows.append(item)


def _reject(parsed: ParsedFile, line: int, message: str, params: dict) -> None:
    parsed.rejected += 1
    if len(parsed.errors) < KEPT_ERRORS:
        parsed.errors.append(RowError(line, message, params))
