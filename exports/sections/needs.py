"""The état des lieux: each school's equipment against the référentiel, its needs, the plan."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from grants.dossier import School
from grants.funding import school_is_eligible
from grants.i18n import N_
from grants.labels import CATEGORY_LABELS, CLASS_COUNT_LABELS, SCHOOL_KIND_LABELS, SECTOR_LABELS
from grants.needs import meets_socle, school_needs

from ..context import RenderContext
from ..ooxml import Column, para, table
from ..writer import DocWriter

SCOPE_LABELS = {"class": N_("par classe"), "school": N_("par école")}


def planned_quantities(ctx: RenderContext) -> dict[tuple[int, str], Decimal]:
    """Quantities the budget plans, by (school index, category), counted lines only."""
    planned: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    lines = ctx.dossier.lines
    for result in ctx.evaluation.funding.lines:
        if result.counted and result.school_index is not None:
            line = lines[result.index]
            planned[result.school_index, line.category] += line.quantity
    return planned


def write_needs(w: DocWriter, ctx: RenderContext, title: str) -> None:
    """The annex of one table per school: what is there, what is missing, what the budget plans."""
    w.heading(title, 1, page_break=True)
    if not ctx.dossier.schools:
        w.add(para(ctx._(N_("Aucune école n'est inscrite au dossier."))))
        return
    w.add(
        para(
            ctx._(
                ctx.evaluation.call.text("document.socle.intro")
                or N_(
                    "Pour chaque école : l'équipement déjà présent au regard du référentiel « socle numérique "
                    "de base » (pour un équipement par classe, le nombre de classes déjà équipées), le besoin "
                    "qui en découle et les quantités prévues au budget."
                )
            )
        )
    )
    planned = planned_quantities(ctx)
    columns = (
        Column(ctx._(N_("Équipement du référentiel")), 4038),
        Column(ctx._(N_("Portée")), 1300),
        Column(ctx._(N_("Existant")), 1100, amount=True),
        Column(ctx._(N_("Besoin")), 1100, amount=True),
        Column(ctx._(N_("Prévu au budget")), 2100, amount=True),
    )
    for i, school in enumerate(ctx.dossier.schools):
        w.heading(f"{school.uai} — {school.name}", 3)
        w.add(para(_socle_sentence(ctx, school), keep_next=True))
        w.add(table(columns, _rows(ctx, i, school, planned), keep_together=True), para())


def _socle_sentence(ctx: RenderContext, school: School) -> str:
    call = ctx.evaluation.call
    if not school_is_eligible(school, call):  # a school the call does not count: said plainly
        kind = ctx.label(SCHOOL_KIND_LABELS, school.kind)
        if school.kind in call.school_kinds:  # the kind is counted, the sector is not
            kind = f"{kind} ({ctx.label(SECTOR_LABELS, school.sector).lower()})"
        return ctx._(N_("École %(kind)s : non éligible à cet appel (%(classes)s classes).")) % {
            "kind": kind.lower(),
            "classes": ctx.number(school.classes),
        }
    counts = ctx._(N_("%(classes_label)s : %(classes)s ; élèves : %(pupils)s.")) % {
        "classes_label": ctx.label(CLASS_COUNT_LABELS, call.class_count),
        "classes": ctx.number(school.classes),
        "pupils": ctx.number(school.pupils),
    }
    # The call names its own référentiel (`[wording]` "document.socle.met" / ".missing").
    socle = (
        call.text("document.socle.met") or N_("L'école dispose déjà du socle numérique de base.")
        if meets_socle(school, call)
        else call.text("document.socle.missing")
        or N_("L'école ne dispose pas encore du socle numérique de base.")
    )
    return f"{counts} {ctx._(socle)}"


def _rows(
    ctx: RenderContext, index: int, school: School, planned: dict[tuple[int, str], Decimal]
) -> list[tuple[str, ...]]:
    call = ctx.evaluation.call
    scopes = {code: ctx.label(SCOPE_LABELS, call.categories[code].scope) for code in call.categories}
    return [
        (
            ctx.label(CATEGORY_LABELS, code),
            scopes[code],
            ctx.number(school.inventory.get(code, 0)),
            ctx.number(need),
            ctx.number(planned.get((index, code), 0)),
        )
        for code, need in school_needs(school, call).items()
    ]
