"""The subsidy computed line by line, school by school and volet by volet, with its arithmetic.

Every amount here is a Decimal rounded half-up to the cent where the call says so; the
`steps` hold the arithmetic as data so a page or a document can show it term by term.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .call import CallDefinition
from .dossier import Cofunder, Dossier, Line, School
from .i18n import N_
from .money import CENT, ZERO, cents
from .params import Money, Num, Pct, SchoolName

PUBLIC_KINDS = ("departement", "region", "detr", "dsil", "europe", "autre_public")


@dataclass(frozen=True, slots=True)
class Step:
    """One explained computation: a translatable label, a formula, and the values in it."""

    key: str
    label: str
    formula: str
    params: dict


@dataclass(slots=True)  # thousands per dossier: slots make them cheaper to build and read
class LineResult:
    """One budget line priced, and whether (and how much of it) the subsidy counts."""

    index: int
    volet: int | None
    school_index: int | None
    ht: Decimal
    ttc: Decimal
    base: Decimal
    counted: bool
    eligible_base: Decimal = ZERO


@dataclass(slots=True)
class SchoolResult:
    """A school's equipment against its per-class cap."""

    index: int
    uai: str
    name: str
    eligible: bool
    classes: int
    pupils: int
    equipment_expense: Decimal = ZERO
    equipment_cap: Decimal = ZERO
    equipment_eligible: Decimal = ZERO
    services_expense: Decimal = ZERO
    outside_expense: Decimal = ZERO
    total_ht: Decimal = ZERO
    total_ttc: Decimal = ZERO
    # A call funding each school within a band: its spend, what the band retains, its subsidy.
    expense: Decimal = ZERO
    eligible_expense: Decimal = ZERO
    subsidy: Decimal = ZERO


@dataclass(frozen=True)
class Part:
    """A part of the State's subsidy as the call defines it (a volet, or the schools' band): what
    it counts, what its caps retain, and its subsidy. Pages and documents list the parts."""

    key: str
    label: str
    expense: Decimal
    eligible: Decimal
    subsidy: Decimal


@dataclass
class Volet:
    """A volet's expense before caps, what the caps leave, and its subsidy."""

    expense: Decimal = ZERO
    before_cap: Decimal = ZERO
    cap: Decimal | None = None
    eligible: Decimal = ZERO
    subsidy: Decimal = ZERO


@dataclass
class Funding:
    """The whole financing plan of a dossier."""

    base: str
    lines: list[LineResult]
    schools: list[SchoolResult]
    equipment: Volet
    services: Volet
    outside: Decimal
    project_cost: Decimal
    total_ht: Decimal
    total_ttc: Decimal
    state_subsidy: Decimal
    cofunding: Decimal
    public_cofunding: Decimal
    cofunder_amounts: list[Decimal]
    own_contribution: Decimal
    steps: list[Step] = field(default_factory=list)
    # What a co-funder's rate applies to: equipment (volet 1 lines), services (volet 2), project.
    rate_bases: dict[str, Decimal] = field(default_factory=dict)
    model: str = "volets"
    parts: list[Part] = field(default_factory=list)

    @property
    def public_financing(self) -> Decimal:
        """Own contribution plus every public aid: the total L1111-10 measures against."""
        return self.own_contribution + self.state_subsidy + self.public_cofunding

    def share_of_cost(self, amount: Decimal) -> Decimal:
        """An amount's share of the project cost (0 when there is no cost)."""
        return amount / self.project_cost if self.project_cost else ZERO

    def totals_by_volet(self) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
        """HT, TTC and subsidy base of the counted lines of each volet (0: outside the subsidy)."""
        totals: dict[int, tuple[Decimal, Decimal, Decimal]] = {}
        for ln in self.lines:
            if ln.counted and ln.volet is not None:
                ht, ttc, base = totals.get(ln.volet, (ZERO, ZERO, ZERO))
                totals[ln.volet] = (ht + ln.ht, ttc + ln.ttc, base + ln.base)
        return dict(sorted(totals.items(), key=lambda kv: (kv[0] == 0, kv[0])))

    @property
    def own_public_share(self) -> Decimal:
        """The own contribution's share of the public financing."""
        total = self.public_financing
        return self.own_contribution / total if total > 0 else ZERO


def school_is_eligible(school: School, call: CallDefinition) -> bool:
    """An elementary or primary school, public or private under contract."""
    return school.kind in call.school_kinds and school.sector in call.school_sectors


def school_index(dossier: Dossier) -> dict[str, int]:
    """Each UAI to the first school that carries it."""
    index: dict[str, int] = {}
    for i, school in enumerate(dossier.schools):
        index.setdefault(school.uai, i)
    return index


def price_line(line: Line, call: CallDefinition, vat_recovered: bool) -> tuple[Decimal, Decimal, Decimal]:
    """HT, TTC and the subsidy base of a line (HT when the collectivité recovers VAT)."""
    ht = (line.quantity * line.unit_price_ht).quantize(CENT, ROUND_HALF_UP)  # cents(), inlined
    vat = line.vat_rate if line.vat_rate is not None else call.default_vat_rate
    ttc = (ht * (1 + vat)).quantize(CENT, ROUND_HALF_UP)
    return ht, ttc, ht if vat_recovered else ttc


def line_months(line: Line, call: CallDefinition) -> int:
    """The subscription's duration, the call's default when not given."""
    return line.duration_months or call.services_default_months


def services_eligible_base(base: Decimal, months: int, call: CallDefinition) -> Decimal:
    """A subscription counts for at most the call's months: base × max / months beyond them."""
    if call.services_max_months is None or months <= call.services_max_months:
        return base
    return cents(base * call.services_max_months / months)


def _line_results(
    dossier: Dossier, call: CallDefinition, uai_index: dict[str, int], eligible: list[bool]
) -> list[LineResult]:
    """Every line priced, with its volet, school and subsidy base (one pass, lookups hoisted:
    a city's dossier has thousands of lines)."""
    categories, wide = call.categories, call.dossier_wide_volets
    vat_recovered = dossier.collectivite.vat_recovered
    results = []
    for i, line in enumerate(dossier.lines):
        category = categories.get(line.category)
        volet = category.volet if category is not None else None
        ht, ttc, base = price_line(line, call, vat_recovered)
        if line.school is None:
            school_i = None
            counted = volet in wide
        else:
            school_i = uai_index.get(line.school)
            counted = volet is not None and school_i is not None
        result = LineResult(i, volet, school_i, ht, ttc, base, counted)
        # An ineligible school's lines are part of the project's cost, never of a subsidy base.
        if counted and (school_i is None or eligible[school_i]):
            if volet == 2:
                result.eligible_base = services_eligible_base(base, line_months(line, call), call)
            elif volet == 1:
                result.eligible_base = base
        results.append(result)
    return results


def _schools(
    dossier: Dossier, call: CallDefinition, lines: list[LineResult], eligible: list[bool]
) -> list[SchoolResult]:
    results = [
        SchoolResult(i, s.uai, s.name, eligible[i], s.classes, s.pupils)
        for i, s in enumerate(dossier.schools)
    ]
    for ln in lines:
        if ln.school_index is None or ln.volet is None:
            continue
        school = results[ln.school_index]
        school.total_ht += ln.ht
        school.total_ttc += ln.ttc
        if not ln.counted:
            continue
        if ln.volet == 1:
            school.equipment_expense += ln.base
        elif ln.volet == 2:
            school.services_expense += ln.base
        else:
            school.outside_expense += ln.base
    for school in results:
        school.equipment_cap = cents(call.equipment_cap_per_class * school.classes)
        if school.eligible:
            school.equipment_eligible = min(school.equipment_expense, school.equipment_cap)
    return results


def banded_subsidy(amount: Decimal, call: CallDefinition) -> tuple[Decimal, list[tuple[Decimal, Decimal]]]:
    """The equipment subsidy of an amount and its terms (rate, slice), per the call's reading."""
    terms: list[tuple[Decimal, Decimal]] = []
    lower = ZERO
    for band in call.equipment_bands:
        upper = band.upper if band.upper is not None else amount
        if call.equipment_band_reading == "threshold":
            if amount <= upper or band.upper is None:
                terms = [(band.rate, amount)]
                break
            continue
        slice_ = max(ZERO, min(amount, upper) - lower)
        if slice_ > 0 or not terms:
            terms.append((band.rate, slice_))
        lower = upper
        if amount <= upper:
            break
    return cents(sum((rate * part for rate, part in terms), ZERO)), terms


def _equipment(schools: list[SchoolResult], call: CallDefinition) -> tuple[Volet, list[Step]]:
    counted = [s for s in schools if s.eligible]
    volet = Volet(
        expense=sum((s.equipment_expense for s in schools), ZERO),
        before_cap=sum((s.equipment_eligible for s in counted), ZERO),
        cap=call.equipment_ceiling,
    )
    volet.eligible = min(volet.before_cap, call.equipment_ceiling)
    volet.subsidy, terms = banded_subsidy(volet.eligible, call)
    steps = [
        Step(
            f"school:{s.index}",
            N_("Plafond de l'école %(name)s"),
            N_("%(per_class)s × %(classes)s = %(cap)s ; min(%(expense)s ; %(cap)s) = %(eligible)s"),
            {
                "name": SchoolName(s.name),
                "per_class": Money(call.equipment_cap_per_class),
                "classes": Num(s.classes),
                "cap": Money(s.equipment_cap),
                "expense": Money(s.equipment_expense),
                "eligible": Money(s.equipment_eligible),
            },
        )
        for s in counted
        if s.equipment_expense > 0
    ]
    steps.append(
        Step(
            "equipment.eligible",
            N_("Équipement retenu (plafond du dossier)"),
            N_("min(%(sum)s ; %(ceiling)s) = %(eligible)s"),
            {
                "sum": Money(volet.before_cap),
                "ceiling": Money(call.equipment_ceiling),
                "eligible": Money(volet.eligible),
            },
        )
    )
    steps.append(
        _terms_step(
            "equipment.subsidy", N_("Subvention de l'État, volet 1 (équipement)"), terms, volet.subsidy
        )
    )
    return volet, steps


def _terms_step(key: str, label: str, terms: list[tuple[Decimal, Decimal]], result: Decimal) -> Step:
    params: dict = {"result": Money(result)}
    parts = []
    for k, (rate, amount) in enumerate(terms):
        params[f"r{k}"], params[f"a{k}"] = Pct(rate), Money(amount)
        parts.append(f"%(r{k})s × %(a{k})s")
    return Step(key, label, " + ".join(parts) + " = %(result)s", params)


def _services(
    lines: list[LineResult], schools: list[SchoolResult], call: CallDefinition, dossier: Dossier
) -> tuple[Volet, list[Step]]:
    counted = [ln for ln in lines if ln.counted and ln.volet == 2]
    # The subscriptions longer than the call counts, cut to its months: a step of their own.
    durations = [
        (ln, dossier.lines[ln.index].label, line_months(dossier.lines[ln.index], call))
        for ln in counted
        if ln.eligible_base != ln.base
        and line_months(dossier.lines[ln.index], call) > call.services_max_months
    ]
    pupils = sum(s.pupils for s in schools if s.eligible)
    volet = Volet(
        expense=sum((ln.base for ln in counted), ZERO),
        before_cap=sum((ln.eligible_base for ln in counted), ZERO),
        cap=cents(call.services_cap_per_pupil * pupils),
    )
    volet.eligible = min(volet.before_cap, volet.cap)
    volet.subsidy = cents(call.services_rate * volet.eligible)
    steps = [
        Step(
            f"services.duration:{ln.index}",
            N_("Durée retenue : « %(label)s »"),
            N_("%(base)s × %(max)s / %(months)s mois = %(retained)s"),
            {
                "label": label,
                "base": Money(ln.base),
                "max": Num(call.services_max_months),
                "months": Num(months),
                "retained": Money(ln.eligible_base),
            },
        )
        for ln, label, months in durations
    ]
    steps += [
        Step(
            "services.eligible",
            N_("Services et ressources retenus (plafond par élève)"),
            N_("min(%(sum)s ; %(per_pupil)s × %(pupils)s = %(cap)s) = %(eligible)s"),
            {
                "sum": Money(volet.before_cap),
                "per_pupil": Money(call.services_cap_per_pupil),
                "pupils": Num(pupils),
                "cap": Money(volet.cap),
                "eligible": Money(volet.eligible),
            },
        ),
        _terms_step(
            "services.subsidy",
            N_("Subvention de l'État, volet 2 (services et ressources)"),
            [(call.services_rate, volet.eligible)],
            volet.subsidy,
        ),
    ]
    return volet, steps


def _volets_subsidy(
    dossier: Dossier, lines: list[LineResult], schools: list[SchoolResult], call: CallDefinition
) -> tuple[Volet, Volet, Decimal, list[Step], list[Part]]:
    """Volet 1 per class and dossier ceiling, banded; volet 2 per pupil at its rate."""
    equipment, eq_steps = _equipment(schools, call)
    services, srv_steps = _services(lines, schools, call, dossier)
    state = equipment.subsidy + services.subsidy
    step = Step(
        "state",
        N_("Subvention de l'État"),
        "%(eq)s + %(srv)s = %(state)s",
        {"eq": Money(equipment.subsidy), "srv": Money(services.subsidy), "state": Money(state)},
    )
    parts = [
        Part(
            "equipment",
            N_("Volet 1 : équipement et réseaux"),
            equipment.expense,
            equipment.eligible,
            equipment.subsidy,
        ),
        Part(
            "services",
            N_("Volet 2 : services et ressources numériques"),
            services.expense,
            services.eligible,
            services.subsidy,
        ),
    ]
    return equipment, services, state, [*eq_steps, *srv_steps, step], parts


def _band_subsidy(
    dossier: Dossier, lines: list[LineResult], schools: list[SchoolResult], call: CallDefinition
) -> tuple[Volet, Volet, Decimal, list[Step], list[Part]]:
    """Each school's référentiel spend: nothing below the floor, at most the cap, at the rate."""
    steps = []
    for s in schools:
        s.expense = s.equipment_expense + s.services_expense
        if s.eligible and s.expense >= call.school_floor and s.expense > 0:
            s.eligible_expense = min(s.expense, call.school_cap)
            s.subsidy = cents(call.school_rate * s.eligible_expense)
        if not s.eligible or s.expense == 0:
            continue
        params = {
            "name": SchoolName(s.name),
            "expense": Money(s.expense),
            "floor": Money(call.school_floor),
            "cap": Money(call.school_cap),
            "eligible": Money(s.eligible_expense),
            "rate": Pct(call.school_rate),
            "subsidy": Money(s.subsidy),
        }
        if s.expense < call.school_floor:
            formula = N_("%(expense)s < %(floor)s (plancher par école) : %(subsidy)s")
        else:
            formula = N_("min(%(expense)s ; %(cap)s) = %(eligible)s ; %(rate)s × %(eligible)s = %(subsidy)s")
        steps.append(Step(f"school:{s.index}", N_("Subvention de l'école %(name)s"), formula, params))
    expense = sum((s.expense for s in schools), ZERO)
    eligible = sum((s.eligible_expense for s in schools), ZERO)
    state = sum((s.subsidy for s in schools), ZERO)
    steps.append(
        Step(
            "state",
            N_("Subvention de l'État (somme des écoles)"),
            N_("%(rate)s × %(eligible)s retenus = %(state)s"),
            {"rate": Pct(call.school_rate), "eligible": Money(eligible), "state": Money(state)},
        )
    )
    # The lines keep their volet (the référentiel's classification), for the rates of co-funders.
    by_volet = {1: ZERO, 2: ZERO}
    for ln in lines:
        if ln.counted and ln.volet in by_volet:
            by_volet[ln.volet] += ln.base
    equipment, services = Volet(expense=by_volet[1]), Volet(expense=by_volet[2])
    parts = [Part("schools", N_("Subvention par école"), expense, eligible, state)]
    return equipment, services, state, steps, parts


FUNDING_MODELS = {"volets": _volets_subsidy, "school_band": _band_subsidy}
# What a co-funder's rate may apply to under each model: a volet's lines only where the
# subsidy has volets; the project's cost always.
RATE_BASES = {"volets": ("equipment", "services", "project"), "school_band": ("project",)}


def rate_bases_of(call: CallDefinition) -> tuple[str, ...]:
    """The bases a co-funder's rate is offered under this call."""
    return RATE_BASES.get(call.funding_model, ("project",))


def compute_funding(dossier: Dossier, call: CallDefinition) -> Funding:
    """The financing plan of a dossier under a call."""
    eligible = [school_is_eligible(s, call) for s in dossier.schools]
    uai_index = school_index(dossier)
    lines = _line_results(dossier, call, uai_index, eligible)
    schools = _schools(dossier, call, lines, eligible)
    model = FUNDING_MODELS[call.funding_model]
    equipment, services, state, steps, parts = model(dossier, lines, schools, call)
    # The counted lines' totals in one pass (Decimal sums of cents are exact: order is free).
    outside = project_cost = total_ht = total_ttc = ZERO
    for ln in lines:
        if ln.counted:
            project_cost += ln.base
            total_ht += ln.ht
            total_ttc += ln.ttc
            if ln.volet == 0:
                outside += ln.base
    bases = {"equipment": equipment.expense, "services": services.expense, "project": project_cost}
    amounts = [cofunder_amount(f, bases) for f in dossier.cofunding]
    public = sum((a for a, f in zip(amounts, dossier.cofunding, strict=True) if f.kind in PUBLIC_KINDS), ZERO)
    cofunding = sum(amounts, ZERO)
    own = project_cost - state - cofunding
    steps.append(
        Step(
            "own",
            N_("Part de la collectivité"),
            "%(cost)s − %(state)s − %(other)s = %(own)s",
            {
                "cost": Money(project_cost),
                "state": Money(state),
                "other": Money(cofunding),
                "own": Money(own),
            },
        )
    )
    return Funding(
        base="ht" if dossier.collectivite.vat_recovered else "ttc",
        lines=lines,
        schools=schools,
        equipment=equipment,
        services=services,
        outside=outside,
        project_cost=project_cost,
        total_ht=total_ht,
        total_ttc=total_ttc,
        state_subsidy=state,
        cofunding=cofunding,
        public_cofunding=public,
        cofunder_amounts=amounts,
        own_contribution=own,
        steps=steps,
        rate_bases=bases,
        model=call.funding_model,
        parts=parts,
    )


def cofunder_amount(funder: Cofunder, bases: dict[str, Decimal]) -> Decimal:
    """A funder's contribution in euros: its rate × its base, rounded half-up to the cent, when
    it is given as a rate (the one reading of a rate everywhere); its amount otherwise."""
    if funder.rate is not None and funder.base in bases:
        return cents(funder.rate * bases[funder.base])
    return funder.amount


def cofunding_from_rate(rate: Decimal, base: str, funding: Funding) -> Decimal:
    """A funder's contribution given as a rate of the equipment, the services or the project."""
    return cents(rate * funding.rate_bases[base])
