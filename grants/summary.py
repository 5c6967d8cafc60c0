"""The figures a reader sees of a dossier, each defined once from its evaluation: what the
pages, the Word and PDF candidature and the budget workbook all show.

Pure: no Flask, no database. Every amount is the funding's own Decimal (never recomputed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .dossier import Dossier
from .funding import Funding, Part, line_months
from .i18n import N_
from .money import ZERO

HUNDRED = Decimal(100)

# The collectivité's own share, defined once: its contribution over the public financing, as the
# CGCT (art. L1111-10) measures it (the project's cost when no private funder takes part). One
# wording and one number of decimals for the recap, the summary page, the plan and the workbook.
OWN_SHARE_WORDING = N_("%(share)s du financement public")
OWN_SHARE_DIGITS = 1
# The resources table's « part du coût » column: whole percentages adding up to 100 % (the
# formatter writes up to its digits, so one digit would print « 25 % » beside « 0,6 % »).
SHARE_COLUMN_DIGITS = 0


@dataclass(frozen=True)
class VoletBase:
    """One volet's expense and what of it the subsidy is computed on, after every cap."""

    volet: int
    total_ht: Decimal
    total_ttc: Decimal
    expense: Decimal
    base: Decimal


@dataclass(frozen=True)
class DurationCut:
    """A subscription longer than the call counts: its base cut to the call's months."""

    line: int
    label: str
    base: Decimal
    months: int
    max_months: int
    retained: Decimal


@dataclass(frozen=True)
class Summary:
    """The dossier in a few figures, as the Word document's one-page summary and the wizard's
    recap give them (web/wizard/recap.py)."""

    schools: int
    lines: int
    eligible_schools: int
    eligible_classes: int
    eligible_pupils: int
    total_ht: Decimal
    total_ttc: Decimal
    project_cost: Decimal
    equipment_subsidy: Decimal
    services_subsidy: Decimal
    state_subsidy: Decimal
    cofunding: Decimal
    own_contribution: Decimal
    own_share_of_cost: Decimal
    own_share_of_public: Decimal
    private_cofunding: Decimal
    volets: tuple[VoletBase, ...]
    duration_cuts: tuple[DurationCut, ...]
    # The parts of the State's subsidy as the call defines them (volets, or the schools' band).
    parts: tuple[Part, ...] = ()
    population: int | None = None

    @property
    def own_share(self) -> Decimal:
        """The own share as every page and document gives it (`OWN_SHARE_WORDING`)."""
        return self.own_share_of_public

    @property
    def subsidy_base(self) -> Decimal:
        """What the State's subsidy is computed on: the eligible schools' amounts within the caps."""
        return sum((p.eligible for p in self.parts), ZERO)


def summarize(dossier: Dossier, funding: Funding, call) -> Summary:
    """The figures of a dossier from its funding (the evaluation's own numbers)."""
    eligible = [s for s in funding.schools if s.eligible]
    totals = funding.totals_by_volet()
    bases = {1: funding.equipment.eligible, 2: funding.services.eligible, 0: ZERO}
    expenses = {1: funding.equipment.expense, 2: funding.services.expense, 0: funding.outside}
    volets = tuple(
        VoletBase(
            v,
            totals.get(v, (ZERO, ZERO, ZERO))[0],
            totals.get(v, (ZERO, ZERO, ZERO))[1],
            expenses[v],
            bases[v],
        )
        for v in (1, 2, 0)
    )
    cuts = tuple(
        DurationCut(
            ln.index,
            dossier.lines[ln.index].label,
            ln.base,
            line_months(dossier.lines[ln.index], call),
            call.services_max_months,
            ln.eligible_base,
        )
        for ln in funding.lines
        if call.services_max_months is not None
        and ln.counted
        and ln.volet == 2
        and line_months(dossier.lines[ln.index], call) > call.services_max_months
        and (ln.school_index is None or funding.schools[ln.school_index].eligible)
    )
    return Summary(
        schools=len(dossier.schools),
        lines=len(dossier.lines),
        eligible_schools=len(eligible),
        eligible_classes=sum(s.classes for s in eligible),
        eligible_pupils=sum(s.pupils for s in eligible),
        total_ht=funding.total_ht,
        total_ttc=funding.total_ttc,
        project_cost=funding.project_cost,
        equipment_subsidy=funding.equipment.subsidy,
        services_subsidy=funding.services.subsidy,
        state_subsidy=funding.state_subsidy,
        cofunding=funding.cofunding,
        own_contribution=funding.own_contribution,
        own_share_of_cost=funding.share_of_cost(funding.own_contribution),
        own_share_of_public=funding.own_public_share,
        private_cofunding=funding.cofunding - funding.public_cofunding,
        volets=volets,
        duration_cuts=cuts,
        parts=tuple(funding.parts),
        population=dossier.collectivite.population,
    )


def shares_to_hundred(amounts: list[Decimal], total: Decimal, digits: int = 1) -> list[Decimal]:
    """Each amount's share of the total, as fractions rounded so that they add up to exactly 1
    (largest-remainder rounding to `digits` decimals of a percentage). Negative amounts, or a
    total of zero, fall back to plain rounding of each share (they cannot add up to 100 %)."""
    unit = Decimal(1).scaleb(-digits)
    if total <= 0 or any(a < 0 for a in amounts):
        return [((a / total * HUNDRED) if total else ZERO).quantize(unit) / HUNDRED for a in amounts]
    exact = [a / total * HUNDRED for a in amounts]
    floors = [e.quantize(unit, rounding=ROUND_FLOOR) for e in exact]
    missing = int(((HUNDRED - sum(floors, ZERO)) / unit).to_integral_value())
    order = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
    for i in order[: max(0, missing)]:
        floors[i] += unit
    return [f / HUNDRED for f in floors]
