"""Budget lines proposed from a school's needs, and why each other need is not proposed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .call import CallDefinition
from .dossier import School
from .i18n import N_
from .needs import school_needs

PROPOSED, NO_PRICE, MET, IN_BUDGET, OUTSIDE, ALTERNATIVE, OVER_CAP = (
    "proposed",
    "no_price",
    "met",
    "in_budget",
    "outside",
    "alternative",
    "over_cap",
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
    OVER_CAP: N_("au-delà du plafond de l'école"),
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


def school_cap(school: School, call: CallDefinition) -> Decimal | None:
    """What the call funds at most for the school's equipment (None: no cap)."""
    if call.funding_model == "school_band":
        return call.school_cap or None
    return call.equipment_cap_per_class * school.classes if call.equipment_cap_per_class else None


def needs_and_proposal(
    school: School, call: CallDefinition, already: set[str], spent: Decimal = Decimal(0)
) -> list[Need]:
    """Every volet 1 item of the référentiel for the school, in the call's order: proposed (with
    the catalogue's price) or the reason it is not; `already`: categories with a line for it,
    `spent`: what the school's lines already cost (HT). The proposed lines keep the school within
    its cap, counted with VAT whatever the base: a need that does not fit is scaled down to the
    units that do, or left out « au-delà du plafond de l'école »."""
    mobile = _mobile_choice(school, call, already)
    cap = school_cap(school, call)
    vat = 1 + call.default_vat_rate
    room = None if cap is None else cap - spent * vat
    found = []
    for code, need in school_needs(school, call).items():
        outcome = _outcome(code, need, school, call, already, mobile)
        price = call.indicative_prices.get(code) if outcome == PROPOSED else None
        quantity = need
        if outcome == PROPOSED and room is not None and price:
            fits = max(0, min(need, int(room // (price * vat))))
            if fits == 0:
                outcome, price = OVER_CAP, None
            else:
                quantity = fits
                room -= fits * price * vat
        found.append(Need(code, quantity, outcome, price))
    return found
