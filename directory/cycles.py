"""What a call counts from a school's headcount: its cycle 2-3 classes and pupils (the 2021 call),
or every class and pupil, maternelle included (the 2020 label): the call's `class_count`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .records import Headcount


@dataclass(frozen=True)
class Cycle23:
    """Classes and pupils of CP to CM2 (ULIS included); `estimated` when the classes are a share."""

    rentree: int
    classes: int
    pupils: int
    estimated: bool


def rentree_before(opens_year: int, opens_month: int) -> int:
    """The rentrée of the school year under way when a call opens (January 2021 → 2020)."""
    return opens_year if opens_month >= 9 else opens_year - 1


def cycle23(h: Headcount) -> Cycle23:
    """A primary school's classes are shared in proportion to its elementary pupils."""
    pupils = h.cp + h.ce1 + h.ce2 + h.cm1 + h.cm2 + h.ulis
    elementary = h.elementary + h.ulis
    if pupils == 0 or elementary == 0:
        return Cycle23(h.rentree, 0, pupils, False)
    if h.preelementary == 0:
        return Cycle23(h.rentree, h.classes, pupils, False)
    share = Decimal(h.classes * elementary) / Decimal(elementary + h.preelementary)
    classes = int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Cycle23(h.rentree, min(h.classes, max(1, classes)), pupils, True)


def every_class(h: Headcount) -> Cycle23:
    """Every class and pupil of the school, maternelle included (nothing is estimated)."""
    return Cycle23(h.rentree, h.classes, h.pupils, False)


# What each `class_count` of a call (grants.call.CallDefinition.class_count) takes from a headcount.
COUNTS = {"cycles_2_3": cycle23, "all": every_class}


def counted(h: Headcount, class_count: str) -> Cycle23:
    """The classes and pupils a call of that `class_count` counts (an unknown one: cycles 2-3)."""
    return COUNTS.get(class_count, cycle23)(h)
