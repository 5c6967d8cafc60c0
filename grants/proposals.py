"""Budget lines proposed from a school's needs, and why each other need is not proposed."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .call import CallDefinition
from .dossier import Dossier, Line, School
from .funding import Funding, SchoolResult, compute_funding, price_line, school_index
from .i18n import N_
from .money import ZERO
from .needs import school_needs

(
    PROPOSED,
    NO_PRICE,
    MET,
    IN_BUDGET,
    EQUIVALENT_HELD,
    EQUIVALENT_IN_BUDGET,
    OUTSIDE,
    ALTERNATIVE,
    OVER_CAP,
) = (
    "proposed",
    "no_price",
    "met",
    "in_budget",
    "equivalent_held",
    "equivalent_in_budget",
    "outside",
    "alternative",
    "over_cap",
)
# The reasons of the mobile packs name the equivalent pack as `lot` (Need.equivalent).
REASONS = {
    NO_PRICE: N_(
        "pas de prix indicatif dans le catalogue de l'appel : ajoutez la ligne vous-même, au prix de votre devis"
    ),
    MET: N_("besoin déjà couvert d'après l'état des lieux"),
    IN_BUDGET: N_("une ligne de cette catégorie est déjà au budget de l'école"),
    EQUIVALENT_HELD: N_("l'école a déjà un lot mobile équivalent d'après l'état des lieux : %(lot)s"),
    EQUIVALENT_IN_BUDGET: N_("un lot mobile équivalent est déjà au budget de l'école : %(lot)s"),
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
    quantity: int  # units still needed (0: already there), or proposed when it is
    outcome: str  # proposed, or the reason it is not
    unit_price: Decimal | None = None
    over_cap: int = 0  # units of a proposed need left out: beyond the school's cap
    equivalent: str | None = None  # the mobile pack that leaves this one out

    @property
    def proposed(self) -> bool:
        """Whether a line is proposed for it."""
        return self.outcome == PROPOSED

    @property
    def needed(self) -> int:
        """Units the school still needs, proposed or not."""
        return self.quantity + self.over_cap

    @property
    def left_out(self) -> tuple[str, int] | None:
        """The reason and the units not proposed: the whole need when it is not proposed, the
        part beyond the cap of a need scaled down to it; None when nothing is left out."""
        if not self.proposed:
            return (self.outcome, self.quantity) if self.quantity > 0 else None
        return (OVER_CAP, self.over_cap) if self.over_cap > 0 else None


def _eligible(school: School, call: CallDefinition) -> bool:
    return school.kind in call.school_kinds and school.sector in call.school_sectors


def _mobile_choice(school: School, call: CallDefinition, already: set[str]) -> str | None:
    """The one mobile pack to propose: none when the school has one or a line for one."""
    mobiles = call.socle_mobile_any
    if any(school.inventory.get(c, 0) for c in mobiles) or already & set(mobiles):
        return None
    return next((c for c in mobiles if c in call.indicative_prices), mobiles[0] if mobiles else None)


def _outcome(
    code: str, need: int, school: School, call: CallDefinition, already: set[str], mobile
) -> tuple[str, str | None]:
    """The outcome of one need, and the equivalent mobile pack that decided it, if any."""
    if not _eligible(school, call):
        return OUTSIDE, None
    if code in already:
        return IN_BUDGET, None
    if need <= 0:
        return MET, None
    mobiles = call.socle_mobile_any
    if code in mobiles and code != mobile:
        if mobile is not None:
            return ALTERNATIVE, mobile
        held = next((c for c in mobiles if c != code and school.inventory.get(c, 0)), None)
        if held is not None:
            return EQUIVALENT_HELD, held
        return EQUIVALENT_IN_BUDGET, next(c for c in mobiles if c != code and c in already)
    return (PROPOSED if code in call.indicative_prices else NO_PRICE), None


def school_cap(school: School, call: CallDefinition) -> Decimal | None:
    """What the call funds at most for the school's equipment (None: no cap)."""
    if call.funding_model == "school_band":
        return call.school_cap or None
    return call.equipment_cap_per_class * school.classes if call.equipment_cap_per_class else None


def capped_spend(result: SchoolResult, call: CallDefinition) -> Decimal:
    """What the school's lines count against its cap, as the funding computation counts them
    (each line's subsidy base: HT when the collectivité recovers VAT, TTC otherwise): the whole
    référentiel spend under a band per school, the equipment under a per-class cap."""
    if call.funding_model == "school_band":
        return result.equipment_expense + result.services_expense
    return result.equipment_expense


def _base(code: str, quantity: int, price: Decimal, call: CallDefinition, vat_recovered: bool) -> Decimal:
    """The subsidy base of the line a proposal would add (at the call's default VAT rate)."""
    line = Line(None, code, "", Decimal(quantity), price, call.default_vat_rate)
    return price_line(line, call, vat_recovered)[2]


def _fitting(
    code: str, need: int, price: Decimal, room: Decimal, call: CallDefinition, vat_recovered: bool
) -> tuple[int, Decimal]:
    """The most units of the need whose line's base is within the room, and that base."""
    fits = min(need, int(room // _base(code, 1, price, call, vat_recovered)) + 1)
    while fits > 0 and (base := _base(code, fits, price, call, vat_recovered)) > room:
        fits -= 1
    return fits, (base if fits > 0 else ZERO)


def needs_and_proposal(
    school: School,
    call: CallDefinition,
    already: set[str],
    spent: Decimal = ZERO,
    vat_recovered: bool = True,
    budgeted: Mapping[str, Decimal] | None = None,
) -> list[Need]:
    """Every volet 1 item of the référentiel for the school, in the call's order: proposed (with
    the catalogue's price) or the reason it is not; `already`: categories with a line for it,
    `spent`: what its lines already count against its cap (`capped_spend`). The proposed lines
    keep the school within its cap, on the base the subsidy is computed on (HT when the
    collectivité recovers VAT): a need that does not fit is scaled down to the units that do,
    the rest left out « au-delà du plafond de l'école » (`over_cap`), or left out whole.
    `budgeted`: the units of each category the school's lines hold; the units of a category
    with a line that it does not hold, when not one more of them fits under the cap, are left
    out beyond the cap (what a proposal that reached the cap left out says so afterwards too)."""
    mobile = _mobile_choice(school, call, already)
    cap = school_cap(school, call)
    room = None if cap is None else cap - spent
    found = []
    for code, need in school_needs(school, call).items():
        outcome, equivalent = _outcome(code, need, school, call, already, mobile)
        price = call.indicative_prices.get(code) if outcome == PROPOSED else None
        quantity, over_cap = need, 0
        if outcome == IN_BUDGET and budgeted is not None and room is not None:
            rest, catalogue = need - math.ceil(budgeted.get(code, 0)), call.indicative_prices.get(code)
            if (
                rest > 0
                and catalogue
                and _fitting(code, 1, catalogue, max(room, ZERO), call, vat_recovered)[0] == 0
            ):
                outcome, quantity = OVER_CAP, rest
        if outcome == PROPOSED and room is not None and price:
            fits, base = _fitting(code, need, price, max(room, ZERO), call, vat_recovered)
            if fits == 0:
                outcome, price = OVER_CAP, None
            else:
                quantity, over_cap = fits, need - fits
                room -= base
        found.append(Need(code, quantity, outcome, price, over_cap, equivalent))
    return _instead_of_the_pack(found, mobile, call, room, vat_recovered)


def _instead_of_the_pack(
    found: list[Need], mobile: str | None, call: CallDefinition, room: Decimal | None, vat_recovered: bool
) -> list[Need]:
    """When the one mobile pack chosen does not fit under the cap, the other packs are not its
    « alternative »: each gets its own outcome, proposed within the room left when it has a price
    and fits (the first that does), else beyond the cap, or without a price in the catalogue."""
    if not any(n.code == mobile and n.outcome == OVER_CAP for n in found):
        return found
    result = []
    for n in found:
        if n.outcome == ALTERNATIVE:
            price = call.indicative_prices.get(n.code)
            fits, base = (
                (0, ZERO)
                if not price
                else _fitting(n.code, n.quantity, price, max(room, ZERO), call, vat_recovered)
            )
            if fits:
                n = Need(n.code, fits, PROPOSED, price, n.quantity - fits)
                room -= base
            else:
                n = Need(n.code, n.quantity, OVER_CAP if price else NO_PRICE)
        result.append(n)
    return result


def dossier_proposals(
    dossier: Dossier, call: CallDefinition, funding: Funding | None = None, only: int | None = None
) -> dict[int, list[Need]]:
    """`needs_and_proposal` of each school of the dossier (or of the `only` index), by index: its
    lines' categories, and what they count against its cap in the dossier's funding (computed
    when not given)."""
    funding = funding if funding is not None else compute_funding(dossier, call)
    first = school_index(dossier)  # a UAI's lines are its first school's
    budgeted: dict[str | None, dict[str, Decimal]] = {}
    for line in dossier.lines:
        units = budgeted.setdefault(line.school, {})
        units[line.category] = units.get(line.category, ZERO) + line.quantity
    vat_recovered = dossier.collectivite.vat_recovered
    return {
        i: needs_and_proposal(
            s,
            call,
            set(budgeted.get(s.uai, {})),
            capped_spend(funding.schools[first[s.uai]], call),
            vat_recovered,
            budgeted.get(s.uai, {}),
        )
        for i, s in enumerate(dossier.schools)
        if only is None or i == only
    }
