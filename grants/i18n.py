"""Translations and locale formatting for the rules' messages, with Babel and no Flask.

Message identifiers are French (the product's first language); catalogues give other
languages. Catalogues are read from their `.po` sources, so nothing compiled is kept in git.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, parse_pattern
from babel.support import NullTranslations, Translations

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
CATALOG_DIRS: list[Path] = [Path(__file__).parent / "translations"]


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when rendered."""
    return message


def normalize_locale(locale: str | None) -> str:
    """One of the supported locales (`fr` when unknown or empty)."""
    short = (locale or "").replace("-", "_").split("_")[0].lower()
    return short if short in LOCALES else DEFAULT_LOCALE


def load_catalog(directory: Path, locale: str) -> Translations | None:
    """The translations of one catalogue directory for a locale, read from its `.po` files."""
    folder = directory / locale / "LC_MESSAGES"
    merged: Translations | None = None
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        current = Translations(fp=buffer)
        merged = current if merged is None else merged.merge(current)
    return merged


@lru_cache(maxsize=16)
def translations(locale: str, dirs: tuple[Path, ...] | None = None) -> NullTranslations:
    """Every catalogue of a locale merged, or identity for French."""
    merged: Translations | None = None
    for directory in dirs or tuple(CATALOG_DIRS):
        found = load_catalog(directory, locale)
        if found is not None:
            merged = found if merged is None else merged.merge(found)
    return merged if merged is not None else NullTranslations()


def gettext_for(locale: str | None, message: str) -> str:
    """A message in the locale."""
    return translations(normalize_locale(locale)).gettext(message)


@lru_cache(maxsize=8)
def babel_locale(locale: str | None) -> Locale:
    """The Babel locale for formatting (fr_FR, en_GB)."""
    name = {"fr": "fr_FR", "en": "en_GB"}[normalize_locale(locale)]
    try:
        return Locale.parse(name)
    except UnknownLocaleError:  # pragma: no cover - Babel ships both
        return Locale.parse("fr")


# Babel parses a pattern on every call; pages format thousands of amounts, so the parsed
# patterns are kept per locale (same output as format_currency / format_decimal).
@lru_cache(maxsize=32)
def _pattern(kind: str, locale: str, digits: int = 0) -> NumberPattern:
    loc = babel_locale(locale)
    if kind == "currency":
        return parse_pattern(loc.currency_formats["standard"])
    if kind == "decimal":
        return parse_pattern(loc.decimal_formats[None])
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + (" %" if locale == "fr" else "%")
    return parse_pattern(pattern)


def fmt_money(value: Decimal, locale: str | None) -> str:
    """An amount in euros for the locale: `12 345,67 €` in French."""
    loc = normalize_locale(locale)
    return _pattern("currency", loc).apply(value, babel_locale(loc), currency="EUR")


def fmt_number(value: Decimal | int, locale: str | None) -> str:
    """A number for the locale (`1 234,5`)."""
    loc = normalize_locale(locale)
    return _pattern("decimal", loc).apply(value, babel_locale(loc))


def fmt_percent(value: Decimal, locale: str | None, digits: int = 0) -> str:
    """A rate as a percentage (`70 %`), with up to `digits` decimals."""
    loc = normalize_locale(locale)
    return _pattern("percent", loc, digits).apply(value, babel_locale(loc))
