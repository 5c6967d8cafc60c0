"""Typed values in messages, formatted for the reader's locale when a message is rendered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .i18n import gettext_for, normalize_locale
from .numbers import fmt_money, fmt_number, fmt_percent


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in euros."""

    value: Decimal


@dataclass(frozen=True, slots=True)
class Num:
    """A count or a quantity."""

    value: Decimal | int


@dataclass(frozen=True, slots=True)
class Pct:
    """A rate shown as a percentage."""

    value: Decimal


@dataclass(frozen=True, slots=True)
class Pcts:
    """Several rates in one message: `0 %, 2,1 %, 5,5 %, 10 %, 20 %`."""

    value: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class SchoolName:
    """A school's name inside « l'école %(name)s »: in French the name's own leading « École »
    is dropped so the sentence does not read « l'école École … »."""

    value: str

    def render(self, locale: str | None) -> str:
        if normalize_locale(locale) != "fr":
            return self.value
        short = re.sub(r"^\s*[ÉEée]cole\s+", "", self.value)
        return short or self.value


_VOWEL_START = re.compile(r"^[AEIOUYÀÂÄÆÉÈÊËÎÏÔŒÙÛÜ]", re.IGNORECASE)
_ARTICLE_START = re.compile(r"^(Le|Les)\s+(.*)$", re.DOTALL)
# A name that starts with a common noun takes its article: « de l'École Jules Ferry », « de la
# Ville de Rennes », « du Syndicat … » (the noun keeps the capital the name gives it).
_NOUN_ARTICLES = {
    "école": "de l'",
    "ecole": "de l'",
    "agglomération": "de l'",
    "intercommunalité": "de l'",
    "eurométropole": "de l'",
    "ville": "de la ",
    "commune": "de la ",
    "communauté": "de la ",
    "métropole": "de la ",
    "mairie": "de la ",
    "syndicat": "du ",
    "groupe": "du ",
    "groupement": "du ",
    "regroupement": "du ",
    "collège": "du ",
    "lycée": "du ",
    "département": "du ",
}
_FIRST_WORD = re.compile(r"^([^\W\d_]+)\b")


def of_name(name: str, locale: str | None = "fr") -> str:
    """« de » and a name as French writes them: « d'Acigné », « du Havre » for « Le Havre »,
    « des Ulis » for « Les Ulis », « de Rennes »; a name starting with a common noun takes its
    article: « de l'École Jules Ferry », « de la Ville de Rennes », « du Syndicat … » (an h is
    never elided: aspirated or not cannot be told from the spelling). In another locale: « of »
    and the name."""
    name = (name or "").strip()
    if normalize_locale(locale) != "fr":
        return f"of {name}"
    first = _FIRST_WORD.match(name)
    if first and (article := _NOUN_ARTICLES.get(first.group(1).lower())):
        return article + name
    article = _ARTICLE_START.match(name)
    if article:
        return ("du " if article.group(1) == "Le" else "des ") + article.group(2)
    return f"d'{name}" if _VOWEL_START.match(name) else f"de {name}"


@dataclass(frozen=True, slots=True)
class OfName:
    """A name inside « … de %(name)s »: the message writes no « de », the value brings it,
    elided (`of_name`)."""

    value: str

    def render(self, locale: str | None) -> str:
        return of_name(self.value, locale)


@dataclass(frozen=True, slots=True)
class Msg:
    """A translatable word inside a message (a category, a kind of school)."""

    value: str


def format_param(value: Any, locale: str | None) -> str:
    """One value as the reader of that locale writes it."""
    if isinstance(value, Money):
        return fmt_money(value.value, locale)
    if isinstance(value, Num):
        return fmt_number(value.value, locale)
    if isinstance(value, Pct):
        return fmt_percent(value.value, locale, digits=2)
    if isinstance(value, Pcts):
        return ", ".join(fmt_percent(rate, locale, digits=2) for rate in value.value)
    if isinstance(value, SchoolName | OfName):
        return value.render(locale)
    if isinstance(value, Msg):
        return gettext_for(locale, value.value)
    return str(value)


def render(message: str, params: dict[str, Any], locale: str | None) -> str:
    """A message translated to the locale with its values formatted for it."""
    text = gettext_for(locale, message)
    return text % {k: format_param(v, locale) for k, v in params.items()}


def plain(params: dict[str, Any]) -> dict[str, Any]:
    """The values as JSON-friendly data (for an API or a test)."""
    return {k: str(getattr(v, "value", v)) for k, v in params.items()}
