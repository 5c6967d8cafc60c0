"""Decimal money: parsing and the half-up rounding to the cent that the call prescribes."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half-up (0.005 gives 0.01)."""
    return value.quantize(CENT, ROUND_HALF_UP)


def cents_up(value: Decimal) -> Decimal:
    """Round up to the cent: the least amount that reaches a threshold."""
    return value.quantize(CENT, rounding=ROUND_CEILING)


def parse_decimal(value: object) -> Decimal | None:
    """A finite Decimal from a JSON string or number, or None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    try:
        # A JSON float is taken by its text so 0.1 stays 0.1, never 0.1000000000000000055…
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def money_text(value: Decimal) -> str:
    """The contract's text form: a dot and at least two decimals (`"2100.00"`)."""
    normal = value.normalize()
    if normal.as_tuple().exponent >= -2:  # type: ignore[operator]
        return str(value.quantize(CENT))
    return format(normal, "f")
