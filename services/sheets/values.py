"""One cell to one value: French numbers, rates, UAIs, and words for the call's codes."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from forms.fields import parse_french_number
from grants.bounds import MAXIMUM
from grants.call import CallDefinition
from grants.i18n import N_, gettext_for
from grants.identifiers import is_ascii_digits, normalize_uai, uai_check_letter, uai_is_valid
from grants.labels import CATEGORY_LABELS
from grants.text import clean_text, refused_character

from .columns import normalize_header

MAX_COUNT = 10_000


class Invalid(ValueError):
    """A cell that cannot be read: a msgid with its parameters."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message)
        self.message, self.params = message, params


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text_of(cell: Any) -> str:
    """A cell as text: a whole number without `.0`, anything else as written."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _shown(cell: Any) -> str:
    text = text_of(cell)
    return text if len(text) <= 40 else text[:37] + "…"


def decimal_of(cell: Any) -> Decimal:
    """A number typed the French way (`1 234,56 €`, `20 %`) or stored as one by the workbook."""
    if isinstance(cell, (datetime, date, time)):
        raise Invalid(
            N_("un nombre est attendu, la cellule contient une date ou une heure (%(got)s)"), got=_shown(cell)
        )
    if isinstance(cell, int) and not isinstance(cell, bool):
        return Decimal(cell)
    if isinstance(cell, float):
        # A workbook stores binary floats: 0.1 + 0.2 is 0.30000000000000004. Nine decimals are
        # far beyond any price and remove that noise.
        return Decimal(repr(round(cell, 9))).normalize()
    if isinstance(cell, Decimal):
        return cell
    text = re.sub(r"(?i)\s*(eur|euros?|ht|ttc)\.?\s*$", "", text_of(cell))
    number = parse_french_number(text)
    if number is None:
        raise Invalid(N_("un nombre est attendu (par exemple 1 234,56), reçu « %(got)s »"), got=_shown(cell))
    return number


def count_of(cell: Any) -> int:
    """A whole number between 0 and 10,000 (classes, pupils, units)."""
    number = decimal_of(cell)
    if number != number.to_integral_value():
        raise Invalid(N_("un nombre entier est attendu, reçu « %(got)s »"), got=_shown(cell))
    if not 0 <= number <= MAX_COUNT:
        raise Invalid(N_("un nombre entre 0 et 10 000 est attendu, reçu « %(got)s »"), got=_shown(cell))
    return int(number)


def amount_of(cell: Any, positive: bool = False, places: int = 4) -> Decimal:
    """A quantity or a price: at least zero (above zero when `positive`), `places` decimals at most."""
    number = decimal_of(cell)
    if positive and number <= 0:
        raise Invalid(N_("un nombre supérieur à zéro est attendu, reçu « %(got)s »"), got=_shown(cell))
    if number < 0:
        raise Invalid(N_("un nombre positif ou nul est attendu, reçu « %(got)s »"), got=_shown(cell))
    if number > MAXIMUM:
        raise Invalid(N_("un nombre d'au plus un milliard est attendu, reçu « %(got)s »"), got=_shown(cell))
    if number != round(number, places):
        raise Invalid(
            N_("%(places)s décimales au plus sont acceptées, reçu « %(got)s »"),
            places=places,
            got=_shown(cell),
        )
    return number


def rate_of(cell: Any) -> Decimal:
    """A VAT rate: `20 %`, `20` or `5,5` are percentages, `0,2` a rate (a number below one)."""
    number = decimal_of(cell)
    if (isinstance(cell, str) and "%" in cell) or number >= 1:
        number = number / 100
    # Which rates exist is the call's (grants.bounds, checked with the line's other numbers).
    if number < 0:
        raise Invalid(
            N_("un taux de TVA est attendu (20 %%, 5,5 %% ou 0,2), reçu « %(got)s »"), got=_shown(cell)
        )
    return number.normalize() if number else Decimal(0)


def months_of(cell: Any) -> int:
    """A subscription's duration: a whole number of months, 1 to 120."""
    number = decimal_of(cell)
    if number != number.to_integral_value() or not 1 <= number <= 120:
        raise Invalid(
            N_("une durée entière entre 1 et 120 mois est attendue, reçu « %(got)s »"), got=_shown(cell)
        )
    return int(number)


def uai_of(cell: Any) -> str:
    """A UAI as written in the dossier (capitals, no spaces), with its check letter verified."""
    value = normalize_uai(text_of(cell))
    if uai_is_valid(value):
        return value
    if len(value) == 8 and is_ascii_digits(value[:7]):
        raise Invalid(
            N_("UAI invalide « %(got)s » : avec ces 7 chiffres, la lettre de contrôle est « %(letter)s »"),
            got=value,
            letter=uai_check_letter(value[:7]),
        )
    raise Invalid(
        N_("UAI invalide « %(got)s » : 7 chiffres puis une lettre sont attendus, par exemple 0750655E"),
        got=_shown(cell),
    )


def text_field(cell: Any, maximum: int) -> str:
    """A name or a label on one line: the breaks pasted from office programs become spaces, the
    other control characters (NUL included, that PostgreSQL refuses in text) are refused, as in
    the forms (grants/text.py); other invisible formatting characters are dropped."""
    cleaned = clean_text(text_of(cell))
    found = refused_character(cleaned)
    if found:
        raise Invalid(
            N_(
                "la cellule contient un caractère de contrôle invisible (%(code)s, caractère n° "
                "%(position)s) : effacez-le dans le tableau, puis envoyez-le à nouveau"
            ),
            code=found[0],
            position=found[1],
        )
    value = " ".join("".join(ch for ch in cleaned if ch.isprintable() or ch.isspace()).split())
    if len(value) > maximum:
        raise Invalid(N_("%(max)s caractères au plus sont acceptés (%(n)s ici)"), max=maximum, n=len(value))
    return value


def _words(cell: Any) -> list[str]:
    """Lower-case words without accents: `Privé (sous contrat)` gives prive, sous, contrat."""
    plain = unicodedata.normalize("NFKD", text_of(cell)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).split()


def school_kind_of(cell: Any) -> str:
    """`Élémentaire`, `École primaire`, `maternelle` or the codes."""
    words = _words(cell)
    for code in ("maternelle", "elementaire", "primaire"):
        if code in words:
            return code
    raise Invalid(
        N_("type d'école inconnu « %(got)s » : Élémentaire, Primaire ou Maternelle"), got=_shown(cell)
    )


def sector_of(cell: Any) -> str:
    """`Public`, `privé sous contrat`, `Privé hors contrat` or the codes."""
    words = _words(cell)
    name = " ".join(words)
    if "hors contrat" in name:
        return "prive_hors_contrat"
    if "sous contrat" in name:
        return "prive_sous_contrat"
    if "public" in words or "publique" in words:
        return "public"
    if "prive" in words or "privee" in words:
        raise Invalid(
            N_("précisez « privé sous contrat » ou « privé hors contrat » (reçu « %(got)s »)"),
            got=_shown(cell),
        )
    raise Invalid(
        N_("secteur inconnu « %(got)s » : Public, Privé sous contrat ou Privé hors contrat"), got=_shown(cell)
    )


# Abbreviations teams use in their quotes, beside the codes and labels.
CATEGORY_SYNONYMS = {
    "ent": "service_ent",
    "vpi": "classe_affichage",
    "tbi": "classe_affichage",
    "tni": "classe_affichage",
    "eni": "classe_affichage",
    "visualiseur": "classe_visualiseur",
    "wifi": "reseau_wifi",
    "wi-fi": "reseau_wifi",
    "borne wifi": "reseau_wifi",
    "tablette": "mobile_tablettes",
}


def category_names(call: CallDefinition) -> dict[str, str]:
    """Every way to name a category (its code, its French and English labels), normalised."""
    names = {normalize_header(k): c for k, c in CATEGORY_SYNONYMS.items() if c in call.categories}
    for code in call.categories:
        label = CATEGORY_LABELS.get(code, code)
        for name in (code, label, gettext_for("en", label)):
            names.setdefault(normalize_header(name), code)
    return names


def category_of(cell: Any, names: dict[str, str]) -> str:
    code = names.get(normalize_header(cell))
    if code is None:
        raise Invalid(
            N_("catégorie inconnue « %(got)s » : indiquez un code ou un libellé de la liste des catégories"),
            got=_shown(cell),
        )
    return code
