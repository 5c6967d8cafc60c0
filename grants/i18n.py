"""Translations for the rules' messages, with Babel and no Flask (numbers: grants.numbers).

Message identifiers are French (the product's first language); catalogues give other
languages. Catalogues are read from their `.po` sources, so nothing compiled is kept in git.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
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
        # Babel's catalogue reader loads with the first catalogue read (French has none): not
        # at start, nor for a page in French (issue 18).
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        current = Translations(fp=buffer)
        merged = current if merged is None else merged.merge(current)
    return merged


class FrenchSource(NullTranslations):
    """French, the source language: the messages as written, with French plurals (0 and 1 take
    the singular: « 0 jour », « 1 jour », « 2 jours »; gettext's default would say « 0 jours »)."""

    def ngettext(self, msgid1, msgid2, n):
        return msgid1 if abs(n) < 2 else msgid2

    def npgettext(self, context, msgid1, msgid2, n):
        return msgid1 if abs(n) < 2 else msgid2

    ungettext = ngettext  # Flask-Babel's name
    unpgettext = npgettext


def translations(locale: str, dirs: tuple[Path, ...] | None = None) -> NullTranslations:
    """Every catalogue of a locale merged, or identity for French; read once per process (a
    message rendered thousands of times in an evaluation must not read the `.po` files again)."""
    return _merged_catalogs(locale, tuple(dirs or CATALOG_DIRS))


@lru_cache(maxsize=32)
def _merged_catalogs(locale: str, dirs: tuple[Path, ...]) -> NullTranslations:
    """The catalogues of `dirs` for a locale, merged into a new object of their own (the merge
    changes its first catalogue in place, so nothing read here is shared with another key)."""
    merged: Translations | None = None
    for directory in dirs:
        found = load_catalog(directory, locale)
        if found is not None:
            merged = found if merged is None else merged.merge(found)
    return merged if merged is not None else FrenchSource()


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


def __getattr__(name: str):
    """The formatting functions' old home: they live in grants.numbers (one formatter)."""
    if name in ("fmt_money", "fmt_number", "fmt_percent"):
        from . import numbers

        return getattr(numbers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
