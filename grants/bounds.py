"""A budget line's bounds, defined once: the forms, the JSON loader and the spreadsheet import all
ask `line_problems`, so a value refused in one is refused in the others, with the same words.

The VAT rates are the call's (`vat_rates` in its TOML file: the French rates by default); the
limits on numbers keep every product and sum of the funding exact within Decimal's precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .call import CallDefinition
from .i18n import N_
from .params import Num, Pct, Pcts, render

# Far above any school project, and low enough that every product and sum of the funding
# stays exact within Decimal's 28 digits (a larger number made quantize() raise).
MAXIMUM = 1_000_000_000
QUANTITY_PLACES = 4
PRICE_PLACES = 4
MONEY_PLACES = 2
MAX_MONTHS = 120

QUANTITY, UNIT_PRICE, VAT_RATE, DURATION = "quantity", "unit_price_ht", "vat_rate", "duration_months"


@dataclass(frozen=True)
class Problem:
    """One refused value of a line: the field it is in, and a message with its values."""

    field: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, locale: str | None = None) -> str:
        """The message in the locale, values formatted for it."""
        return render(self.message, self.params, locale)


def line_problems(
    call: CallDefinition,
    quantity: Decimal | None = None,
    unit_price: Decimal | None = None,
    vat_rate: Decimal | None = None,
    duration_months: int | None = None,
) -> list[Problem]:
    """What is wrong with a line's numbers (None: not given, checked elsewhere as required)."""
    found: list[Problem] = []
    if quantity is not None:
        if quantity <= 0:
            found.append(Problem(QUANTITY, N_("la quantité doit être supérieure à zéro")))
        elif quantity > MAXIMUM:
            found.append(_too_large(QUANTITY))
    if unit_price is not None:
        if unit_price < 0:
            found.append(Problem(UNIT_PRICE, N_("le prix unitaire ne peut pas être négatif")))
        elif unit_price > MAXIMUM:
            found.append(_too_large(UNIT_PRICE))
    if (
        quantity is not None
        and unit_price is not None
        and 0 < quantity <= MAXIMUM
        and 0 <= unit_price <= MAXIMUM
        and quantity * unit_price > MAXIMUM
    ):
        found.append(
            Problem(
                UNIT_PRICE,
                N_("le total de la ligne dépasse %(max)s € : vérifiez la quantité et le prix"),
                {"max": Num(MAXIMUM)},
            )
        )
    if vat_rate is not None and vat_rate not in call.vat_rates:
        found.append(
            Problem(
                VAT_RATE,
                N_("le taux de TVA %(got)s n'existe pas : choisissez l'un de ces taux : %(rates)s"),
                {"got": Pct(vat_rate), "rates": Pcts(call.vat_rates)},
            )
        )
    if duration_months is not None and not 1 <= duration_months <= MAX_MONTHS:
        found.append(
            Problem(
                DURATION,
                N_("la durée doit être comprise entre 1 et %(max)s mois"),
                {"max": Num(MAX_MONTHS)},
            )
        )
    return found


def _too_large(name: str) -> Problem:
    return Problem(name, N_("un nombre d'au plus %(max)s est attendu"), {"max": Num(MAXIMUM)})
