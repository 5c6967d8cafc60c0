"""The detailed budget: a table per school and for the dossier-wide lines, grouped by volet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from grants.funding import LineResult, line_months
from grants.i18n import N_
from grants.labels import CATEGORY_LABELS, VOLET_LABELS
from grants.money import ZERO

from ..context import RenderContext
from ..ooxml import Cell, Column, Row, para, table
from ..writer import DocWriter

NOT_COUNTED = N_("Lignes non retenues (catégorie inconnue ou école absente du dossier)")
KEEP_TOGETHER_ROWS = 22
# The groups of the budget's lines under each layout of a call (CallDefinition.budget_layout):
# by volet of the subsidy, or, when each school is funded within a band, by part of the
# référentiel (both count in the school's spend).
GROUPS = {
    "volets": ((1, VOLET_LABELS[1]), (2, VOLET_LABELS[2]), (0, VOLET_LABELS[0]), (None, NOT_COUNTED)),
    "school_band": (
        (1, N_("Référentiel : équipement et réseaux")),
        (2, N_("Référentiel : services et ressources numériques")),
        (0, N_("Hors référentiel (non subventionné)")),
        (None, NOT_COUNTED),
    ),
}
INTROS = {
    "volets": N_(
        "Montants en euros. La base de la subvention est le montant %(base)s des écoles "
        "éligibles, dans la limite des plafonds de l'appel ; les dépenses hors subvention "
        "font partie du coût du projet."
    ),
    "school_band": N_(
        "Montants en euros. Chaque école éligible reçoit %(rate)s de sa dépense du référentiel "
        "(montant %(base)s), retenue dans la limite de %(cap)s ; une école dont la dépense est "
        "inférieure à %(floor)s ne reçoit rien. Les dépenses hors référentiel font partie du coût "
        "du projet."
    ),
}


def _intro(w: DocWriter, ctx: RenderContext) -> None:
    call = ctx.evaluation.call
    base = N_("HT") if ctx.dossier.collectivite.vat_recovered else N_("TTC")
    w.add(
        para(
            ctx._(INTROS[call.budget_layout])
            % {
                "base": ctx._(base),
                "rate": ctx.percent(call.school_rate, 0),
                "cap": ctx.money(call.school_cap),
                "floor": ctx.money(call.school_floor),
            }
        )
    )


def write_budget(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """The budget by volet, with what the subsidy is computed on; the detail is in an annex."""
    w.heading(ctx._(N_("Budget")), 1, number=number)
    _intro(w, ctx)
    if not ctx.dossier.lines:
        w.add(para(ctx._(N_("Aucune dépense n'est inscrite au budget."))))
    _summary(w, ctx)
    w.add(para(ctx._(N_("Le détail des dépenses, école par école, figure en annexe."))))


def write_budget_annex(w: DocWriter, ctx: RenderContext, title: str) -> None:
    """Every line priced, school by school, then the dossier-wide lines and their totals."""
    w.heading(title, 1)
    _intro(w, ctx)
    by_school, common, elsewhere = _split(ctx)
    columns = _columns(ctx)
    for i, school in enumerate(ctx.dossier.schools):
        if i in by_school:
            w.heading(f"{school.uai} — {school.name}", 3)
            w.add(
                _lines_table(columns, list(_rows(ctx, by_school[i], ctx._(N_("Total de l'école"))))), para()
            )
    idle = [f"{s.uai} — {s.name}" for i, s in enumerate(ctx.dossier.schools) if i not in by_school]
    if idle:
        w.add(para(ctx._(N_("Écoles sans dépense : %(schools)s.")) % {"schools": " ; ".join(idle)}))
    for title_, results, total in (
        (N_("Dépenses communes à tout le dossier"), common, N_("Total des dépenses communes")),
        (N_("Lignes rattachées à une école absente du dossier"), elsewhere, N_("Total")),
    ):
        if results:
            w.heading(ctx._(title_), 3)
            rows = list(_rows(ctx, results, ctx._(total)))
            if results is common:
                rows.extend(_duration_rows(ctx))
            w.add(_lines_table(columns, rows), para())
    if not ctx.dossier.lines:
        w.add(para(ctx._(N_("Aucune dépense n'est inscrite au budget."))))


def _duration_rows(ctx: RenderContext) -> list[Row]:
    """The subscriptions cut to the call's months, and the volet 2 base they leave."""
    cuts = ctx.summary.duration_cuts
    if not cuts:
        return []
    rows = [
        Row(
            (
                Cell(
                    ctx._(
                        N_(
                            "« %(label)s » : %(months)s mois, l'appel en retient %(max)s : %(base)s × %(max)s / %(months)s"
                        )
                    )
                    % {
                        "label": c.label,
                        "months": ctx.number(c.months),
                        "max": ctx.number(c.max_months),
                        "base": ctx.money(c.base),
                    },
                    span=4,
                ),
                ctx.money(c.retained),
                "",
                "",
            ),
            kind="subtotal",
        )
        for c in cuts
    ]
    rows.append(
        Row(
            (
                Cell(
                    ctx._(N_("Retenu au volet 2 après la durée maximale (avant le plafond par élève)")),
                    span=4,
                ),
                ctx.money(ctx.evaluation.funding.services.before_cap),
                "",
                "",
            ),
            kind="total",
        )
    )
    return rows


def _lines_table(columns: tuple[Column, ...], rows: list[Row | tuple]) -> str:
    """A school's lines on one page when they fit on one (a landscape page holds about 25 rows)."""
    return table(columns, rows, keep_together=len(rows) <= KEEP_TOGETHER_ROWS)


def _split(ctx: RenderContext) -> tuple[dict[int, list[LineResult]], list[LineResult], list[LineResult]]:
    by_school: dict[int, list[LineResult]] = defaultdict(list)
    common, elsewhere = [], []
    for result in ctx.evaluation.funding.lines:
        if ctx.dossier.lines[result.index].school is None:
            common.append(result)
        elif result.school_index is None:
            elsewhere.append(result)
        else:
            by_school[result.school_index].append(result)
    return by_school, common, elsewhere


def _columns(ctx: RenderContext) -> tuple[Column, ...]:
    return (
        Column(ctx._(N_("Catégorie")), 3300),
        Column(ctx._(N_("Libellé")), 4370),
        Column(ctx._(N_("Quantité")), 1100, amount=True),
        Column(ctx._(N_("Prix unitaire HT")), 1600, amount=True),
        Column(ctx._(N_("Total HT")), 1700, amount=True),
        Column(ctx._(N_("TVA")), 900, amount=True),
        Column(ctx._(N_("Total TTC")), 1600, amount=True),
    )


def _group(result: LineResult) -> int | None:
    return result.volet if result.counted else None


def _rows(ctx: RenderContext, results: list[LineResult], total_title: str) -> Iterator[Row | tuple]:
    layout = ctx.evaluation.call.budget_layout
    for volet, title in GROUPS[layout]:
        members = [r for r in results if _group(r) == volet]
        if not members:
            continue
        # A volet is named by the call (`volet.<n>` of its `[wording]`).
        named = (
            ctx.call_label(f"volet.{volet}", {volet: title}, volet)
            if layout == "volets" and volet is not None
            else ctx._(title)
        )
        yield Row((Cell(named, span=7),), kind="group")
        yield from (_line_row(ctx, r) for r in members)
        yield _sum_row(ctx, ctx._(N_("Sous-total")), members, "subtotal")
    yield _sum_row(ctx, total_title, [r for r in results if r.counted], "total")


def _sum_row(ctx: RenderContext, title: str, results: list[LineResult], kind: str) -> Row:
    ht = sum((r.ht for r in results), ZERO)
    ttc = sum((r.ttc for r in results), ZERO)
    return Row((Cell(title, span=4), ctx.money(ht), "", ctx.money(ttc)), kind=kind)


def _line_row(ctx: RenderContext, result: LineResult) -> Row | tuple:
    line = ctx.dossier.lines[result.index]
    call = ctx.evaluation.call
    vat = line.vat_rate if line.vat_rate is not None else call.default_vat_rate
    cells = (
        ctx.label(CATEGORY_LABELS, line.category),
        line.label,
        ctx.number(line.quantity),
        ctx.money(line.unit_price_ht),
        ctx.money(result.ht),
        ctx.percent(vat),
        ctx.money(result.ttc),
    )
    note = _note(ctx, result)
    return Row((Cell(cells[0], note=note), *cells[1:])) if note else cells


def _note(ctx: RenderContext, result: LineResult) -> str:
    if not result.counted:
        return ctx._(N_("non retenue"))
    if result.volet == 0:
        return ctx._(N_("hors subvention"))
    if result.volet == 2 and ctx.evaluation.call.services_max_months is not None:
        months = line_months(ctx.dossier.lines[result.index], ctx.evaluation.call)
        return ctx._(N_("durée : %(months)s mois")) % {"months": ctx.number(months)}
    return ""


def _summary(w: DocWriter, ctx: RenderContext) -> None:
    SUMMARIES[ctx.evaluation.call.budget_layout](w, ctx)


def _base_title(ctx: RenderContext) -> str:
    return ctx._(
        N_("Base de la subvention (HT, après plafonds)")
        if ctx.evaluation.funding.base == "ht"
        else N_("Base de la subvention (TTC, après plafonds)")
    )


def _band_summary(w: DocWriter, ctx: RenderContext) -> None:
    """School by school: its cost, its spend in the référentiel, what the band retains of it
    and its subsidy."""
    f, call = ctx.evaluation.funding, ctx.evaluation.call
    no, floor = ctx._(N_("non éligible")), ctx._(N_("sous le plancher"))
    rows: list[Row | tuple] = []
    for s in f.schools:
        note = no if not s.eligible else floor if 0 < s.expense < call.school_floor else ""
        rows.append(
            Row(
                (
                    Cell(s.name, note=note),
                    ctx.money(s.total_ht),
                    ctx.money(s.total_ttc),
                    ctx.money(s.expense),
                    ctx.money(s.eligible_expense),
                    ctx.money(s.subsidy),
                )
            )
        )
    rows.append(
        Row(
            (
                ctx._(N_("Coût du projet")),
                ctx.money(f.total_ht),
                ctx.money(f.total_ttc),
                ctx.money(sum((p.expense for p in f.parts), ZERO)),
                ctx.money(ctx.summary.subsidy_base),
                ctx.money(f.state_subsidy),
            ),
            kind="total",
        )
    )
    columns = (
        Column(ctx._(N_("École")), 2338),
        Column(ctx._(N_("Total HT")), 1400, amount=True),
        Column(ctx._(N_("Total TTC")), 1400, amount=True),
        Column(ctx._(N_("Dépense du référentiel")), 1500, amount=True),
        Column(
            ctx._(N_("Retenu (de %(floor)s à %(cap)s)"))
            % {"floor": ctx.money(call.school_floor), "cap": ctx.money(call.school_cap)},
            1600,
            amount=True,
        ),
        Column(
            ctx._(N_("Subvention (%(rate)s)")) % {"rate": ctx.percent(call.school_rate, 0)}, 1400, amount=True
        ),
    )
    w.add(table(columns, rows, keep_together=len(rows) <= KEEP_TOGETHER_ROWS), para())


def _volet_summary(w: DocWriter, ctx: RenderContext) -> None:
    f, summary = ctx.evaluation.funding, ctx.summary
    base = _base_title(ctx)
    rows: list[Row | tuple] = [
        (
            ctx.call_label(f"volet.{v.volet}", VOLET_LABELS, v.volet),
            ctx.money(v.total_ht),
            ctx.money(v.total_ttc),
            ctx.money(v.base),
        )
        for v in summary.volets
    ]
    rows.append(
        Row(
            (
                ctx._(N_("Coût du projet")),
                ctx.money(f.total_ht),
                ctx.money(f.total_ttc),
                ctx.money(summary.subsidy_base),
            ),
            kind="total",
        )
    )
    columns = (
        Column(ctx._(N_("Volet")), 3638),
        Column(ctx._(N_("Total HT")), 1900, amount=True),
        Column(ctx._(N_("Total TTC")), 1900, amount=True),
        Column(base, 2200, amount=True),
    )
    w.add(table(columns, rows, keep_together=True), para())


# The budget's summary table under each layout of a call (CallDefinition.budget_layout).
SUMMARIES = {"volets": _volet_summary, "school_band": _band_summary}
