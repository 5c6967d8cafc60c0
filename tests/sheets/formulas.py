"""A tiny spreadsheet calculator for the formulas the budget workbook uses (ROUND, SUM, SUMIF,
SUMIFS, + − × ÷), so a test can check what Excel will show against the rules engine."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils import column_index_from_string

_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)")
_CELL = re.compile(r"(?<![A-Za-z_])\$?([A-Z]{1,3})\$?(\d+)")
_FUNC = re.compile(r"\b(ROUND|SUMIFS|SUMIF|SUM)\(")


class Sheet:
    """Evaluates the cells of one openpyxl worksheet loaded with its formulas."""

    def __init__(self, ws):
        self.ws, self.memo = ws, {}

    def value(self, ref: str) -> object:
        """A cell's value as Excel computes it (numbers as Decimal)."""
        match = _CELL.fullmatch(ref)
        return self._cell(int(match.group(2)), column_index_from_string(match.group(1)))

    def _cell(self, row: int, col: int) -> object:
        if (row, col) not in self.memo:
            raw = self.ws.cell(row=row, column=col).value
            if isinstance(raw, str) and raw.startswith("="):
                raw = self._formula(raw[1:])
            elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
                raw = Decimal(str(raw))
            self.memo[(row, col)] = raw
        return self.memo[(row, col)]

    def _formula(self, text: str) -> object:
        code = re.sub(r"(?<![\w.$])(\d+(?:\.\d+)?)(?![\w(])", r"D('\1')", text)
        code = _RANGE.sub(
            lambda m: (
                f"R({m.group(2)},{column_index_from_string(m.group(1))},"
                f"{m.group(4)},{column_index_from_string(m.group(3))})"
            ),
            code,
        )
        code = _CELL.sub(lambda m: f"C({m.group(2)},{column_index_from_string(m.group(1))})", code)
        code = _FUNC.sub(lambda m: f"F_{m.group(1)}(", code)
        return eval(code, {"__builtins__": {}}, self._names())  # noqa: S307 - our own formulas only

    def _names(self) -> dict:
        num = lambda v: v if isinstance(v, Decimal) else Decimal(0)  # noqa: E731
        cells = lambda r: [self._cell(row, col) for row, col in r]  # noqa: E731
        return {
            "D": Decimal,
            "C": self._cell,
            "R": lambda r1, c1, r2, c2: [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)],
            "F_ROUND": lambda v, n: num(v).quantize(Decimal(1).scaleb(-int(n)), rounding=ROUND_HALF_UP),
            "F_SUM": lambda *rs: sum((num(v) for r in rs for v in cells(r)), Decimal(0)),
            "F_SUMIF": lambda r, crit, s: sum(
                (num(v) for k, v in zip(cells(r), cells(s), strict=True) if _same(k, crit)), Decimal(0)
            ),
            "F_SUMIFS": lambda s, *pairs: sum(
                (
                    num(v)
                    for i, v in enumerate(cells(s))
                    if all(_same(cells(pairs[j])[i], pairs[j + 1]) for j in range(0, len(pairs), 2))
                ),
                Decimal(0),
            ),
        }


def _same(value: object, criterion: object) -> bool:
    if isinstance(criterion, Decimal) and isinstance(value, Decimal):
        return value == criterion
    return value is not None and str(value) == str(criterion)
