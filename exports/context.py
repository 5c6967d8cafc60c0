"""What every part of the document reads: the dossier, its evaluation, the locale's words and
number formats (grants.numbers' compiled formatters: a large dossier prints thousands of amounts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from babel.dates import format_time

from grants.dossier import Dossier
from grants.evaluation import Evaluation
from grants.i18n import CATALOG_DIRS, N_, babel_locale, normalize_locale, translations
from grants.numbers import fmt_date, money_formatter, number_formatter, percent_formatter
from grants.params import format_param
from grants.summary import OWN_SHARE_DIGITS, OWN_SHARE_WORDING, Summary, summarize
from grants.workflow import PRACTICE_STATE

from .meta import PARIS, STATE_LABELS, ExportMeta

EXPORTS_CATALOG = Path(__file__).parent / "translations"
EMPTY = "—"
_PLACE_PREFIX = re.compile(r"^\s*(commune|ville)\s+(de\s+|d['’])", re.I)


def default_place(name: str) -> str:
    """Where a commune signs: its name without « Commune de » or « Ville de »."""
    match = _PLACE_PREFIX.match(name or "")
    return name[match.end() :] if match and match.end() < len(name) else name


@dataclass
class RenderContext:
    """The dossier, its evaluation and the reader's language, with formatting helpers."""

    dossier: Dossier
    evaluation: Evaluation
    locale: str
    meta: ExportMeta

    def __post_init__(self) -> None:
        self.locale = normalize_locale(self.locale)
        self._catalog = translations(self.locale, (*CATALOG_DIRS, EXPORTS_CATALOG))
        self._fmt_money = money_formatter(self.locale)
        self._fmt_number = number_formatter(self.locale)

    def _(self, message: str) -> str:
        """A message of the exports' (or the rules') catalogue in the reader's language."""
        return self._catalog.gettext(message)

    def label(self, labels: dict, code: object) -> str:
        """The translated name of a code, the code itself when unknown."""
        name = labels.get(code)
        return self._(name) if name else ("" if code is None else str(code))

    def call_label(self, key: str, labels: dict, code: object) -> str:
        """The call's own words for `key` (its `[wording]`), translated; else the code's name."""
        own = self.evaluation.call.text(key)
        return self._(own) if own else self.label(labels, code)

    def money(self, value: Decimal) -> str:
        """An amount as the locale writes it (`1 234,56 €`), with the one formatter (grants.numbers)."""
        return self._fmt_money(value)

    def render(self, message: str, params: dict[str, Any]) -> str:
        """A rule's message or a funding step, as `grants.params.render` gives it, faster."""
        return self._(message) % {key: format_param(value, self.locale) for key, value in params.items()}

    def number(self, value: Decimal | int | None) -> str:
        """A count or a quantity (`—` when unknown)."""
        if value is None:
            return EMPTY
        return self._fmt_number(value)

    def percent(self, value: Decimal, digits: int = 1) -> str:
        """A share as a percentage."""
        return percent_formatter(self.locale, digits)(value)

    def own_share(self) -> str:
        """« 35,4 % du financement public »: the own share in its one wording (grants.summary)."""
        share = self.percent(self.summary.own_share, OWN_SHARE_DIGITS)
        return self._(OWN_SHARE_WORDING) % {"share": share}

    @cached_property
    def summary(self) -> Summary:
        """The dossier's figures, defined once in grants.summary."""
        return summarize(self.dossier, self.evaluation.funding, self.evaluation.call)

    def date(self, when: datetime | date) -> str:
        """A long date (`22 novembre 2026`, `1er décembre 2026`), in Paris time."""
        day = _paris(when) if isinstance(when, datetime) else when
        return fmt_date(day, self.locale, "long")  # « 1er » in French: grants.numbers, as the pages

    def date_time(self, when: datetime) -> str:
        """A long date and the time of day."""
        local = _paris(when)
        time = format_time(local, format="short", locale=babel_locale(self.locale))
        return self._(N_("%(date)s à %(time)s")) % {"date": self.date(local), "time": time}

    def state_label(self) -> str:
        """The dossier's state as users name it."""
        if self.meta.state is None:
            return self._(N_("brouillon (fichier hors de l'application)"))
        key = self.meta.state.strip().lower()
        label = self._(STATE_LABELS[key]) if key in STATE_LABELS else self.meta.state
        return self._(PRACTICE_STATE) % {"state": label} if self.meta.practice else label

    def seat_commune(self) -> str:
        """The seat commune's name the team gave (pre-filled from the directory); for a commune
        without one, its own name less « Ville de »; else empty (an EPCI is no town)."""
        if self.meta.place and self.meta.place.strip():
            return self.meta.place.strip()
        c = self.dossier.collectivite
        return default_place(c.name).strip() if c.kind == "commune" else ""

    def or_empty(self, text: str | None) -> str:
        """The text, or a dash when nothing was entered."""
        return text.strip() if text and text.strip() else EMPTY


def _paris(when: datetime) -> datetime:
    return when.astimezone(PARIS) if when.tzinfo else when
