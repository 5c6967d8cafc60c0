"""Budget lines proposed from a school's needs, and why each other need is not proposed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .call import CallDefinition
from .dossier import School
from .i18n import N_
from .needs import school_needs

PROPOSED, NO_PRICE, MET, IN_BUDGET, OUTSIDE, ALTERNATIVE = (
    "proposed",
    "no_price",
    "met",
    "in_budget",
    "outside",
    "alternative",
)
REASONS = {
    NO_PRICE: N_(
        "pas de prix indicatif dans le catalogue de l'appel : ajoutez la ligne vous-même, au prix de votre devis"
    ),
    MET: N_("besoin déjà couvert d'après l'état des lieux"),
    IN_BUDGET: N_("une ligne de cette catégorie est déjà au budget de l'école"),
    OUTSIDE: N_(
        "l'école n'est pas éligible à l'appel (type ou secteur) : aucune dépense n'y serait subventionnée"
    ),
    ALTERNATIVE: N_("un seul lot mobile est proposé ; remplacez-le par celui-ci si vous le préférez"),
}


@dataclass(frozen=True)
class Need:
    """One item of the référentiel for a school: what it needs and what the proposal does with it."""

    code: str
    quantity: int  # units still needed (0: already there)
    outcome: str  # proposed, or the reason it is not
    unit_price: Decimal | None = None

    @property
    def proposed(self) -> bool:
        """Whether a line is proposed for it."""
        return self.outcome == PROPOSED


def _eligible(school: School, call: CallDefinition) -> bool:
    return school.kind in call.school_kinds and school.sector in call.school_sectors


def _mobile_choice(school: School, call: CallDefinition, already: set[str]) -> str | None:
    """The one mobile pack to propose: none when the school has one or a line for one."""
    mobiles = call.socle_mobile_any
    if any(school.inventory.get(c, 0) for c in mobiles) or already & set(mobiles):
        return None
    return next((c for c in mobiles if c in call.indicative_prices), mobiles[0] if mobiles else None)


def _outcome(code: str, need: int, school: School, call: CallDefinition, already: set[str], mobile) -> str:
    if not _eligible(school, call):
        return OUTSIDE
    if code in already:
        return IN_BUDGET
    if code in call.socle_mobile_any and code != mobile:
        return MET if mobile is None else ALTERNATIVE
    if need <= 0:
        return MET
    return PROPOSED if code in call.indicative_prices else NO_PRICE


def needs_and_proposal(school: School, call: CallDefinition, already: set[str]) -> list[Need]:
    """Every volet 1 item of the référentiel for the school, in the call's order: proposed (with
    the catalogue's price) or the reason it is not; `already`: categories with a line for it."""
    mobile = _mobile_choice(school, call, already)
    found = []
    for code, need in school_needs(school, call).items():
        outcome = _outcome(code, need, school, call, already, mobile)
        price = call.indicative_prices.get(code) if outcome == PROPOSED else None
        found.append(Need(code, need, outcome, price))
    return found
