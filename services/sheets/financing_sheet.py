"""The financing plan's sheet, every figure a formula: the call's parameters (from its TOML
file), the subsidy computed from the budget sheet (caps per class and per dossier, the 70/50
split, the volet 2 cap per pupil), the resources, the own share, shares of the cost and a visible
check that the resources equal the cost. Change a quantity on the budget sheet: all follow."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.styles import Font
from openpyxl.worksheet.properties import PageSetupProperties

from grants.funding import PUBLIC_KINDS
from grants.i18n import N_
from grants.labels import COFUNDING_KIND_LABELS, COFUNDING_STATUS_LABELS
from grants.summary import OWN_SHARE_WORDING
from services.dossiers import Evaluated

from .book_styles import BOLD, CHECK, COUNT, EURO, RATE, TITLE, header_row, money, rate, total_row, widths

# The call's parameters, one a row (column B), read by both sheets' formulas.
PARAMS = (
    ("equipment_cap_per_class", N_("Plafond d'équipement par classe"), EURO),
    ("equipment_ceiling", N_("Plafond d'équipement du dossier"), EURO),
    ("band_upper", N_("Limite de la première tranche d'équipement"), EURO),
    ("band_rate_1", N_("Taux de la première tranche"), RATE),
    ("band_rate_2", N_("Taux au-delà"), RATE),
    ("services_rate", N_("Taux du volet 2"), RATE),
    ("services_cap_per_pupil", N_("Plafond du volet 2 par élève"), EURO),
    ("services_max_months", N_("Durée maximale retenue d'un abonnement (mois)"), COUNT),
    ("min_own_share", N_("Participation minimale de la collectivité"), RATE),
)
# A call funding each school within a band (funding_model "school_band"): its own parameters
# and steps, in the same rows (the plan's layout does not depend on the call).
BAND_PARAMS = (
    ("school_floor", N_("Dépense minimale par école"), EURO),
    ("school_cap", N_("Dépense maximale retenue par école"), EURO),
    ("school_rate", N_("Taux de la subvention"), RATE),
    ("min_own_share", N_("Participation minimale de la collectivité"), RATE),
)
PARAM_FIRST = 5
PARAM_ROWS = {key: PARAM_FIRST + i for i, (key, _label, _fmt) in enumerate(PARAMS)}
BAND_PARAM_ROWS = {key: PARAM_FIRST + i for i, (key, _label, _fmt) in enumerate(BAND_PARAMS)}
STEPS = (
    "equipment_before_cap",
    "equipment_eligible",
    "equipment_subsidy",
    "services_kept",
    "pupils",
    "services_cap",
    "services_eligible",
    "services_subsidy",
    "state",
    "cost",
)
STEP_FIRST = PARAM_FIRST + len(PARAMS) + 3
STEP_ROWS = {key: STEP_FIRST + i for i, key in enumerate(STEPS)}
BAND_STEPS = ("schools_expense", "schools_eligible", "state", "cost")
BAND_STEP_ROWS = {key: STEP_FIRST + i for i, key in enumerate(BAND_STEPS)}
RESOURCES = STEP_FIRST + len(STEPS) + 3  # first row of the resources table
RED = Font(bold=True, color="C9191E")


def print_setup(ws) -> None:
    """Landscape A4, one page wide, as many pages tall as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def is_band(result: Evaluated) -> bool:
    """Whether the call funds each school within a band (no volets in the subsidy)."""
    return result.call.funding_model == "school_band"


def param_rows(result: Evaluated) -> dict[str, int]:
    """The row of each of the call's parameters on the plan."""
    return BAND_PARAM_ROWS if is_band(result) else PARAM_ROWS


def step_rows(result: Evaluated) -> dict[str, int]:
    """The row of each step of the subsidy's computation on the plan."""
    return BAND_STEP_ROWS if is_band(result) else STEP_ROWS


def _param_values(result: Evaluated) -> dict:
    call = result.call
    if is_band(result):
        return {key: getattr(call, key) for key, _label, _fmt in BAND_PARAMS}
    bands = call.equipment_bands
    first = bands[0]
    return {
        "equipment_cap_per_class": call.equipment_cap_per_class,
        "equipment_ceiling": call.equipment_ceiling,
        "band_upper": first.upper if first.upper is not None else call.equipment_ceiling,
        "band_rate_1": first.rate,
        "band_rate_2": bands[1].rate if len(bands) > 1 else first.rate,
        "services_rate": call.services_rate,
        "services_cap_per_pupil": call.services_cap_per_pupil,
        "services_max_months": call.services_max_months,
        "min_own_share": call.min_own_share,
    }


def write_financing(ws, result: Evaluated, translate: Callable[[str], str], refs: dict[str, str]) -> None:
    """Parameters, the subsidy's computation, the resources with their shares, the checks."""
    _ = translate
    budget = "'" + ws.parent.worksheets[0].title.replace("'", "''") + "'!"
    ws["A1"] = _(N_("Plan de financement du dossier %(title)s")) % {"title": result.record.title}
    ws["A1"].font = TITLE
    ws["A2"] = _(
        N_(
            "Montants en euros. Chaque montant est une formule des paramètres de l'appel et du budget : "
            "changez une quantité dans la feuille du budget, tout le plan suit."
        )
    )
    header_row(ws, PARAM_FIRST - 1, [_(N_("Paramètre de l'appel")), _(N_("Valeur"))])
    values = _param_values(result)
    rows = param_rows(result)
    for key, label, fmt in BAND_PARAMS if is_band(result) else PARAMS:
        row = rows[key]
        ws[f"A{row}"], ws[f"B{row}"] = _(label), values[key]
        ws[f"B{row}"].number_format = fmt
    P = {key: f"$B${row}" for key, row in rows.items()}  # noqa: N806
    S = {key: f"$B${row}" for key, row in step_rows(result).items()}  # noqa: N806
    steps = _band_steps(budget, refs, S) if is_band(result) else _volet_steps(result, budget, refs, S, P)
    header_row(ws, STEP_FIRST - 1, [_(N_("Calcul de la subvention")), _(N_("Montant"))])
    for key, (label, formula) in steps.items():
        row = step_rows(result)[key]
        ws[f"A{row}"] = _(label)
        if key == "pupils":
            ws[f"B{row}"] = formula
            ws[f"B{row}"].number_format = COUNT
        else:
            money(ws, f"B{row}", formula)
        if key in ("state", "cost"):
            total_row(ws, row, 2)
    total = _resources(ws, result, _, refs, budget, S)
    _checks(ws, total, _, S, P, _independent_cost(result, budget, refs))
    widths(ws, {"A": 62, "B": 22, "C": 24, "D": 20, "E": 16, "F": 12})
    ws.print_title_rows = f"{RESOURCES - 1}:{RESOURCES - 1}"


def _band_steps(budget: str, refs: dict[str, str], S: dict) -> dict[str, tuple[str, str]]:  # noqa: N803
    """Each school's subsidy is on the budget sheet (floor, cap, rate); the State's is their sum."""
    return {
        "schools_expense": (
            N_("Dépense des écoles (référentiel)"),
            f"={budget}{refs['schools_expense']}",
        ),
        "schools_eligible": (
            N_("Dépense retenue (plancher et plafond de chaque école)"),
            f"={budget}{refs['schools_eligible']}",
        ),
        "state": (N_("Subvention de l'État (somme des écoles)"), f"={budget}{refs['schools_subsidy']}"),
        "cost": (N_("Coût du projet"), f"={budget}{refs['cost']}"),
    }


def _volet_steps(result: Evaluated, budget: str, refs: dict[str, str], S: dict, P: dict) -> dict:  # noqa: N803
    """Volet 1 capped per class and per dossier, banded; volet 2 capped per pupil."""
    threshold = result.call.equipment_band_reading == "threshold"
    v1 = (
        f"=ROUND(IF({S['equipment_eligible']}<={P['band_upper']},{P['band_rate_1']},{P['band_rate_2']})"
        f"*{S['equipment_eligible']},2)"
        if threshold
        else f"=ROUND({P['band_rate_1']}*MIN({S['equipment_eligible']},{P['band_upper']})"
        f"+{P['band_rate_2']}*MAX(0,{S['equipment_eligible']}-{P['band_upper']}),2)"
    )
    return {
        "equipment_before_cap": (
            N_("Équipement des écoles éligibles, chacune dans son plafond par classe"),
            f"={budget}{refs['equipment_kept']}",
        ),
        "equipment_eligible": (
            N_("Équipement retenu (plafond du dossier)"),
            f"=MIN({S['equipment_before_cap']},{P['equipment_ceiling']})",
        ),
        "equipment_subsidy": (N_("Subvention de l'État, volet 1 (équipement)"), v1),
        "services_kept": (
            N_("Services et ressources, abonnements ramenés à la durée maximale"),
            f"={budget}{refs['services_kept']}",
        ),
        "pupils": (
            N_("Élèves des écoles éligibles"),
            f"=SUM({budget}{refs['pupils']})",
        ),
        "services_cap": (
            N_("Plafond du volet 2 (par élève × élèves)"),
            f"=ROUND({P['services_cap_per_pupil']}*{S['pupils']},2)",
        ),
        "services_eligible": (
            N_("Services et ressources retenus"),
            f"=MIN({S['services_kept']},{S['services_cap']})",
        ),
        "services_subsidy": (
            N_("Subvention de l'État, volet 2 (services et ressources)"),
            f"=ROUND({P['services_rate']}*{S['services_eligible']},2)",
        ),
        "state": (N_("Subvention de l'État"), f"={S['equipment_subsidy']}+{S['services_subsidy']}"),
        "cost": (N_("Coût du projet"), f"={budget}{refs['cost']}"),
    }


def _cofunder_amount(funder, amount, refs: dict[str, str], budget: str, S: dict) -> object:  # noqa: N803
    """A rate-based funder's amount as a formula of its base; a fixed amount as it is."""
    bases = {
        "equipment": f"{budget}{refs.get('equipment_expense', 'A1')}",
        "services": f"{budget}{refs.get('services_expense', 'A1')}",
        "project": S["cost"],
    }
    if funder.rate is not None and funder.base in bases:
        return f"=ROUND({funder.rate}*{bases[funder.base]},2)"
    return amount


def _resources(ws, result: Evaluated, _: Callable[[str], str], refs, budget: str, S: dict) -> int:  # noqa: N803
    f = result.evaluation.funding
    header_row(
        ws,
        RESOURCES - 1,
        [
            _(N_("Financeur")),
            _(N_("Nature")),
            _(N_("Statut")),
            _(N_("Montant")),
            _(N_("Part du coût du projet")),
            _(N_("Public (1 : oui)")),
        ],
    )
    requested = COFUNDING_STATUS_LABELS["requested"]
    requested = _(requested)
    state = _(N_("Subvention de l'appel à projets"))
    rows: list[tuple] = (
        [(_(N_("État — subvention par école")), state, requested, f"={S['state']}", 1)]
        if is_band(result)
        else [
            (
                _(N_("État — volet 1 (équipement et réseaux)")),
                state,
                requested,
                f"={S['equipment_subsidy']}",
                1,
            ),
            (
                _(N_("État — volet 2 (services et ressources)")),
                state,
                requested,
                f"={S['services_subsidy']}",
                1,
            ),
        ]
    )
    for funder, amount in zip(result.dossier.cofunding, f.cofunder_amounts, strict=True):
        public = funder.kind in PUBLIC_KINDS
        kind = _(COFUNDING_KIND_LABELS.get(funder.kind, funder.kind))
        rows.append(
            (
                funder.funder,
                f"{kind} ({_(N_('public')) if public else _(N_('privé'))})",
                _(COFUNDING_STATUS_LABELS.get(funder.status, funder.status)),
                _cofunder_amount(funder, amount, refs, budget, S),
                1 if public else 0,
            )
        )
    own_row = RESOURCES + len(rows)
    # The own share as the engine defines it: the cost less the State's subsidy and the co-funders.
    state_rows = 1 if is_band(result) else 2
    others_cofunders = f"D{RESOURCES + state_rows}:D{own_row - 1}" if own_row > RESOURCES + state_rows else ""
    rows.append(
        (
            _(N_("Collectivité (autofinancement)")),
            _(N_("Fonds propres")),
            "",
            f"={S['cost']}-{S['state']}-SUM({others_cofunders})"
            if others_cofunders
            else f"={S['cost']}-{S['state']}",
            1,
        )
    )
    for row, (funder, nature, status, amount, public) in enumerate(rows, start=RESOURCES):
        ws[f"A{row}"], ws[f"B{row}"], ws[f"C{row}"], ws[f"F{row}"] = funder, nature, status, public
        money(ws, f"D{row}", amount)
        rate(ws, f"E{row}", f"=IF({S['cost']}>0,D{row}/{S['cost']},0)")
    total = RESOURCES + len(rows)
    ws[f"A{total}"] = _(N_("Total des ressources (égal au coût du projet)"))
    money(ws, f"D{total}", f"=SUM(D{RESOURCES}:D{total - 1})")
    rate(ws, f"E{total}", f"=SUM(E{RESOURCES}:E{total - 1})")
    total_row(ws, total, 6)
    return total


def _independent_cost(result: Evaluated, budget: str, refs: dict[str, str]) -> str:
    """The project's cost computed again from the budget's quantities, prices and VAT rates
    alone (not from its totals nor from the plan's steps), as the engine rounds each line."""
    ht = f"ROUND({budget}{refs['quantities']}*{budget}{refs['prices']},2)"
    line = ht if result.evaluation.funding.base == "ht" else f"ROUND({ht}*(1+{budget}{refs['vat_rates']}),2)"
    return f"SUMPRODUCT({line})"


def _checks(ws, total: int, _: Callable[[str], str], S: dict, P: dict, cost: str) -> None:  # noqa: N803
    """The resources against the cost recomputed from the budget's lines (an amount typed over a
    formula, on either sheet, shows as a gap), then the collectivité's minimum share."""
    own = total - 1
    row = total + 2
    ws[f"A{row}"] = _(N_("Contrôle : total des ressources = coût du projet recalculé depuis les lignes"))
    ws[f"A{row}"].font = BOLD
    ok, gap = _(N_("OK")), _(N_("ÉCART"))
    ws[f"C{row}"] = _(N_("Coût recalculé (quantité × prix des lignes)"))
    money(ws, f"D{row}", f"={cost}")
    ws[f"B{row}"] = f'=IF(ROUND(D{total}-D{row},2)=0,"{ok}","{gap} : "&TEXT(D{total}-D{row},"0.00"))'

    ws[f"B{row}"].font, ws[f"B{row}"].number_format = RED, CHECK
    public = f"SUMIF(F{RESOURCES}:F{own},1,D{RESOURCES}:D{own})"
    ws[f"A{row + 1}"] = _(
        N_(
            "Part de la collectivité (CGCT, art. L1111-10) : autofinancement ÷ financement public "
            "(coût du projet − aides privées)"
        )
    )
    rate(ws, f"B{row + 1}", f"=IF({public}>0,D{own}/{public},0)")
    # The one wording of the own share (grants.summary): « 35,4 % » then « du financement public ».
    ws[f"C{row + 1}"] = (_(OWN_SHARE_WORDING) % {"share": ""}).strip()
    ws[f"A{row + 2}"] = _(N_("Minimum exigé"))
    rate(ws, f"B{row + 2}", f"={P['min_own_share']}")
    ws[f"A{row + 3}"] = _(N_("Contrôle : participation minimale atteinte"))
    ws[f"A{row + 3}"].font = BOLD
    ws[f"B{row + 3}"] = f'=IF(B{row + 1}>=B{row + 2},"{ok}","{gap}")'
    ws[f"B{row + 3}"].font, ws[f"B{row + 3}"].number_format = RED, CHECK
