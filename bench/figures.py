"""A measured figure, its target and how it is printed."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One measurement: lower is better, `target` is the most it may be (None: reported only).

    `floor` is what the same machine needs for the least conceivable version of the work
    (zipping the parts of a document, say), to read the value against.
    """

    name: str
    value: float
    unit: str
    target: float | None
    floor: float | None = None

    @property
    def met(self) -> bool | None:
        """Whether the value is within its target (None when there is no target)."""
        return None if self.target is None else self.value <= self.target

    @property
    def ratio(self) -> float | None:
        """The value against its floor (None without a positive floor)."""
        return self.value / self.floor if self.floor else None

    @property
    def _ratio(self) -> str:
        return "" if self.ratio is None else f", {self.ratio:.1f}× the floor"

    def line(self, width: int = 52) -> str:
        """`name  value unit  target < t unit  met`, one line."""
        target = "no target" if self.target is None else f"target < {_num(self.target)} {self.unit}"
        verdict = {True: "met", False: "NOT met", None: "-"}[self.met]
        floor = "" if self.floor is None else f"  (floor {_num(self.floor)} {self.unit}{self._ratio})"
        return f"{self.name:<{width}} {_num(self.value):>9} {self.unit:<4} {target:<22} {verdict}{floor}"


def as_figure(item: Figure | dict[str, Any]) -> Figure:
    """A Figure, from itself or from a dict with the same keys (for benchmarks outside bench/)."""
    return item if isinstance(item, Figure) else Figure(**item)


def median_seconds(action: Callable[[], object], runs: int, warmup: int = 3) -> float:
    """The median wall time of `runs` calls, after `warmup` calls that fill the caches."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _num(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
