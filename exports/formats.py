"""Amounts as `grants.i18n.fmt_money` writes them, thousands of times per document, fast.

Babel takes about 20 µs per amount; a large dossier prints several thousand. The locale's
pattern (signs, separators, symbol) is read once from `fmt_money` itself, replayed with string
operations, and checked against `fmt_money` on tricky samples; any difference falls back to it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from grants.i18n import fmt_money

SAMPLES = ("1234567.89", "-1234567.89", "0", "-0.01", "0.5", "12.3456", "0.015", "2.675", "999.995")


def _affixes(text: str) -> tuple[str, str]:
    return text[: text.index("1")], text[text.rindex("89") + 2 :]


def _compile(locale: str) -> Callable[[Decimal], str]:
    sample = fmt_money(Decimal("1234567.89"), locale)
    prefix, suffix = _affixes(sample)
    negative = _affixes(fmt_money(Decimal("-1234567.89"), locale))
    digits = sample[len(prefix) : len(sample) - len(suffix)]
    table = str.maketrans({",": digits[1], ".": digits[-3]})

    def fast(value: Decimal) -> str:
        text = format(value, ",.2f")
        if text.startswith("-"):
            return negative[0] + text[1:].translate(table) + negative[1]
        return prefix + text.translate(table) + suffix

    return fast


@lru_cache(maxsize=8)
def money_formatter(locale: str) -> Callable[[Decimal], str]:
    """A function giving exactly `fmt_money(value, locale)`, compiled when the samples agree."""
    try:
        fast = _compile(locale)
    except (ValueError, IndexError):
        fast = None
    if fast is None or any(fast(Decimal(s)) != fmt_money(Decimal(s), locale) for s in SAMPLES):
        return lambda value: fmt_money(value, locale)
    return fast
