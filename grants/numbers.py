"""Money, numbers and rates as the reader's locale writes them: the one formatter of the project.

Pages, rule messages, the Word dossier and the workbook print thousands of amounts; Babel's
`NumberPattern.apply` costs about 10 µs each. Here each locale's pattern is read once from
Babel (its prefixes and suffixes, grouping, fraction digits, scale, and the locale's own group,
decimal and currency symbols: `12 345,67 €` with U+202F and U+00A0 in French, `€12,345.67` in
English) and compiled into a function that does what `apply` does with the same Decimal
operations (sign, `abs`, `quantize` in the current context, so the same half-even rounding),
then a string translation. tests/grants/test_numbers.py checks it against Babel's
`format_currency`, `format_decimal` and `format_percent`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from .i18n import babel_locale, normalize_locale

Formatter = Callable[[Decimal | int], str]
CURRENCY = "EUR"


def percent_pattern(locale: str, digits: int) -> str:
    """The rate pattern the project writes: `12,5 %` (a plain space) in French, `12.5%` in English."""
    return "#,##0" + ("." + "#" * digits if digits else "") + (" %" if locale == "fr" else "%")


def _compile(pattern_text: str, locale: str, currency: str | None = None) -> Formatter:
    from babel.numbers import (
        get_currency_precision,
        get_currency_symbol,
        get_decimal_symbol,
        get_group_symbol,
        parse_pattern,
    )

    loc = babel_locale(locale)
    pattern = parse_pattern(pattern_text)
    # Not a stub: the application serves fr and en, whose patterns are plain; a locale with
    # scientific, significant-digit or Indian grouping patterns is refused at compile time
    # (tests/grants/test_numbers.py checks fr and en against Babel) rather than mis-formatted.
    if pattern.exp_prec or "@" in pattern.pattern or pattern.int_prec[0] != 1 or pattern.grouping != (3, 3):
        raise NotImplementedError(f"number pattern {pattern_text!r} is not one this formatter compiles")
    low, high = (get_currency_precision(currency),) * 2 if currency else pattern.frac_prec
    symbol = get_currency_symbol(currency, loc) if currency else ""

    def affix(text: str) -> str:
        # As Babel does: the symbol, then quoted literals unquoted ('' is one quote).
        return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", text.replace("¤", symbol))

    prefix, negative_prefix = (affix(x) for x in pattern.prefix)
    suffix, negative_suffix = (affix(x) for x in pattern.suffix)
    table = str.maketrans({",": get_group_symbol(loc), ".": get_decimal_symbol(loc)})
    quantum = Decimal(1).scaleb(-high)
    scale = pattern.scale
    trims = high > low

    def fmt(value: Decimal | int) -> str:
        if not isinstance(value, Decimal):
            value = Decimal(str(value))
        if scale:
            value = value.scaleb(scale)
        text = format(abs(value).quantize(quantum), ",f")
        if trims and "." in text:
            whole, _, fraction = text.partition(".")
            fraction = fraction.rstrip("0").ljust(low, "0")
            text = f"{whole}.{fraction}" if fraction else whole
        if value.is_signed():
            return negative_prefix + text.translate(table) + negative_suffix
        return prefix + text.translate(table) + suffix

    return fmt


@lru_cache(maxsize=8)
def money_formatter(locale: str | None) -> Formatter:
    """The function writing an amount in euros for the locale (`12 345,67 €`)."""
    loc = normalize_locale(locale)
    return _compile(babel_locale(loc).currency_formats["standard"].pattern, loc, CURRENCY)


@lru_cache(maxsize=8)
def number_formatter(locale: str | None) -> Formatter:
    """The function writing a count or a quantity for the locale (`1 234,5`, up to 3 decimals)."""
    loc = normalize_locale(locale)
    return _compile(babel_locale(loc).decimal_formats[None].pattern, loc)


@lru_cache(maxsize=32)
def percent_formatter(locale: str | None, digits: int = 0) -> Formatter:
    """The function writing a rate (0.125) as a percentage (`12,5 %`), up to `digits` decimals."""
    loc = normalize_locale(locale)
    return _compile(percent_pattern(loc, digits), loc)


def fmt_money(value: Decimal | int, locale: str | None) -> str:
    """An amount in euros for the locale: `12 345,67 €` in French."""
    return money_formatter(locale)(value)


def fmt_number(value: Decimal | int, locale: str | None) -> str:
    """A number for the locale (`1 234,5`)."""
    return number_formatter(locale)(value)


def fmt_percent(value: Decimal, locale: str | None, digits: int = 0) -> str:
    """A rate as a percentage (`70 %`), with up to `digits` decimals."""
    return percent_formatter(locale, digits)(value)


# File sizes in decimal units (1 ko = 1 000 octets, 1 Mo = 1 000 000 octets), as the filing
# platform and the upload limit (`UPLOAD_MAX_BYTES`, 10 000 000 = « 10 Mo ») count them.
SIZE_UNITS = {"fr": ("octets", "ko", "Mo", "Go"), "en": ("bytes", "kB", "MB", "GB")}
SIZE_ROUNDING = {"half": ROUND_HALF_EVEN, "up": ROUND_CEILING, "down": ROUND_FLOOR}


def fmt_size(n_bytes: int, locale: str | None, rounding: str = "half") -> str:
    """A file's size for the locale: `850 octets`, `10 ko`, `5,7 Mo` (`10 kB`, `5.7 MB` in
    English), a non-breaking space before the unit; one decimal under 10 of a unit (under 100
    for Mo). `rounding="up"` for a size said to exceed a limit, `"down"` for the limit itself, so
    that « 6,1 Mo, au-delà des 6 Mo » never reads « 6 Mo, au-delà des 6 Mo »."""
    loc = normalize_locale(locale)
    units = SIZE_UNITS.get(loc, SIZE_UNITS["en"])
    if n_bytes < 1000:
        one = n_bytes < 2 if loc == "fr" else n_bytes == 1  # « 0 octet », « 1 octet »; « 1 byte »
        unit = units[0][:-1] if one else units[0]
        return f"{fmt_number(n_bytes, loc)}\u00a0{unit}"
    for power in range(1, len(units)):
        value = Decimal(n_bytes).scaleb(-3 * power)
        digits = 1 if value < (100 if power == 2 else 10) else 0
        shown = value.quantize(Decimal(1).scaleb(-digits), rounding=SIZE_ROUNDING[rounding])
        if shown < 1000 or power == len(units) - 1:
            break
    return f"{fmt_number(shown, loc)}\u00a0{units[power]}"


def fmt_date(day, locale: str | None, format: str = "long") -> str:
    """A date as the locale writes it: « 1er janvier 2027 », « 22 novembre 2026 » in French
    (the first of the month is « 1er »), « 1 January 2027 » in English."""
    from babel.dates import format_date

    text = format_date(day, format=format, locale=babel_locale(locale))
    return first_of_month(text, locale)


_FIRST_OF_MONTH = re.compile(r"^1(?=\s)")


def first_of_month(text: str, locale: str | None) -> str:
    """A French date reads « 1er novembre 2026 », not « 1 novembre 2026 » (other days and other
    languages are left as Babel writes them)."""
    return _FIRST_OF_MONTH.sub("1er", text, count=1) if normalize_locale(locale) == "fr" else text
