"""The financing plan's sheet: the rules engine's figures (subsidy per volet, funders, own
contribution, shares), with formulas only where they add cells up."""

from __future__ import annotations

from collections.abc import Callable

from grants.funding import PUBLIC_KINDS
from grants.i18n import N_
from grants.labels import COFUNDING_KIND_LABELS, COFUNDING_STATUS_LABELS, VOLET_LABELS
from services.dossiers import Evaluated

from .book_styles import BOLD, TITLE, header_row, money, rate, total_row, widths

RESOURCES = 11  # first row of the resources table


def write_financing(ws, result: Evaluated, translate: Callable[[str], str]) -> None:
    """Expenses and subsidy per volet, then who pays what and its share of the project's cost."""
    ws["A1"] = translate(N_("Plan de financement du dossier %(title)s")) % {"title": result.record.title}
    ws["A1"].font = TITLE
    ws["A2"] = translate(
        N_(
            "Montants en euros calculés par l'application selon les règles de l'appel ; "
            "les totaux sont des formules."
        )
    )
    _expenses(ws, result, translate)
    total = _resources(ws, result, translate)
    _own_share(ws, total + 2, result, translate)
    widths(ws, {"A": 48, "B": 36, "C": 24, "D": 18, "E": 18})


def _expenses(ws, result: Evaluated, _: Callable[[str], str]) -> None:
    f = result.evaluation.funding
    header_row(
        ws,
        4,
        [
            _(N_("Volet")),
            _(N_("Dépense (base de la subvention)")),
            _(N_("Retenu après plafonds")),
            _(N_("Subvention de l'État")),
        ],
    )
    rows = (
        (VOLET_LABELS[1], f.equipment.expense, f.equipment.eligible, f.equipment.subsidy),
        (VOLET_LABELS[2], f.services.expense, f.services.eligible, f.services.subsidy),
        (VOLET_LABELS[0], f.outside, None, None),
    )
    for row, (label, *amounts) in enumerate(rows, start=5):
        ws[f"A{row}"] = _(label)
        for col, value in zip("BCD", amounts, strict=True):
            if value is not None:
                money(ws, f"{col}{row}", value)
    ws["A8"] = _(N_("Coût du projet"))
    money(ws, "B8", "=SUM(B5:B7)")
    money(ws, "D8", "=SUM(D5:D6)")
    total_row(ws, 8, 4)


def _resource_rows(result: Evaluated, _: Callable[[str], str]) -> list[tuple]:
    """(funder, nature, status, amount) of the State per volet, each funder, the collectivité."""
    f = result.evaluation.funding
    requested = COFUNDING_STATUS_LABELS["requested"]
    state, requested = _(N_("Subvention de l'appel à projets")), _(requested)
    rows = [
        (_(N_("État — volet 1 (équipement et réseaux)")), state, requested, f.equipment.subsidy),
        (_(N_("État — volet 2 (services et ressources)")), state, requested, f.services.subsidy),
    ]
    for funder, amount in zip(result.dossier.cofunding, f.cofunder_amounts, strict=True):
        public = _(N_("public")) if funder.kind in PUBLIC_KINDS else _(N_("privé"))
        kind = _(COFUNDING_KIND_LABELS.get(funder.kind, funder.kind))
        rows.append(
            (
                funder.funder,
                f"{kind} ({public})",
                _(COFUNDING_STATUS_LABELS.get(funder.status, funder.status)),
                amount,
            )
        )
    rows.append((_(N_("Collectivité (autofinancement)")), _(N_("Fonds propres")), "", f.own_contribution))
    return rows


def _resources(ws, result: Evaluated, _: Callable[[str], str]) -> int:
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
        ],
    )
    rows = _resource_rows(result, _)
    for row, (funder, nature, status, amount) in enumerate(rows, start=RESOURCES):
        ws[f"A{row}"], ws[f"B{row}"], ws[f"C{row}"] = funder, nature, status
        money(ws, f"D{row}", amount)
        rate(ws, f"E{row}", f.share_of_cost(amount))
    total = RESOURCES + len(rows)
    ws[f"A{total}"] = _(N_("Total des ressources (égal au coût du projet)"))
    money(ws, f"D{total}", f"=SUM(D{RESOURCES}:D{total - 1})")
    rate(ws, f"E{total}", f"=SUM(E{RESOURCES}:E{total - 1})")
    total_row(ws, total, 5)
    return total


def _own_share(ws, row: int, result: Evaluated, _: Callable[[str], str]) -> None:
    ws[f"A{row}"] = _(N_("Part de la collectivité dans le financement public (CGCT, art. L1111-10)"))
    ws[f"A{row}"].font = BOLD
    rate(ws, f"D{row}", result.evaluation.funding.own_public_share)
    ws[f"A{row + 1}"] = _(N_("Minimum exigé"))
    rate(ws, f"D{row + 1}", result.call.min_own_share)
