"""The financing plan: the State subsidy with its arithmetic, every funder, shares and a chart."""

from __future__ import annotations

from decimal import Decimal

from grants.funding import PUBLIC_KINDS
from grants.i18n import N_
from grants.labels import COFUNDING_KIND_LABELS, COFUNDING_STATUS_LABELS, PART_FUNDER_LABELS
from grants.summary import SHARE_COLUMN_DIGITS, shares_to_hundred

from ..chart import OWN_COLOUR, colour_for, stacked_bar_png
from ..context import EMPTY, RenderContext
from ..ooxml import Cell, Column, Row, para, table
from ..writer import DocWriter

TOTAL_STEPS = frozenset({"state", "own"})


def write_financing(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """The subsidy computed step by step, then who pays what, in a table and in a picture."""
    w.heading(ctx._(N_("Plan de financement")), 1, number=number)
    _subsidy(w, ctx)
    _plan(w, ctx)


def _subsidy(w: DocWriter, ctx: RenderContext) -> None:
    w.heading(ctx._(N_("Calcul de la subvention de l'État")), 2)
    w.add(
        para(
            ctx._(
                N_(
                    "Chaque étape applique un taux ou un plafond de l'appel aux montants du budget "
                    "(écoles éligibles seulement)."
                )
            )
        )
    )
    rows = [
        Row(
            (ctx.render(s.label, s.params), ctx.render(s.formula, s.params)),
            kind="total" if s.key in TOTAL_STEPS else "",
        )
        for s in ctx.evaluation.funding.steps
    ]
    columns = (Column(ctx._(N_("Étape")), 3600), Column(ctx._(N_("Calcul")), 6038))
    w.add(table(columns, rows), para())


def _segments(ctx: RenderContext) -> list[tuple[str, str, str, str, Decimal, str]]:
    """(funder, nature, status, kind of funding, amount, colour) of each resource of the project."""
    f, dossier = ctx.evaluation.funding, ctx.dossier
    state = ctx._(N_("Subvention de l'appel à projets"))
    requested = ctx.label(COFUNDING_STATUS_LABELS, "requested")
    found = [
        (ctx.call_label(f"part.{p.key}.funder", PART_FUNDER_LABELS, p.key), state, requested, "", p.subsidy)
        for p in f.parts
    ]
    for c in dossier.cofunding:
        public = ctx._(N_("public") if c.kind in PUBLIC_KINDS else N_("privé"))
        found.append(
            (
                ctx.or_empty(c.funder),
                ctx.label(COFUNDING_KIND_LABELS, c.kind),
                ctx.label(COFUNDING_STATUS_LABELS, c.status),
                public,
                c.amount,
            )
        )
    found.append(
        (
            ctx._(N_("Collectivité (autofinancement)")),
            ctx._(N_("Fonds propres")),
            EMPTY,
            "",
            f.own_contribution,
        )
    )
    colours = [colour_for(i) for i in range(len(found) - 1)] + [OWN_COLOUR]
    return [(*item, colour) for item, colour in zip(found, colours, strict=True)]


def _plan(w: DocWriter, ctx: RenderContext) -> None:
    f = ctx.evaluation.funding
    w.heading(ctx._(N_("Ressources du projet")), 2)
    segments = _segments(ctx)
    shares = shares_to_hundred([seg[4] for seg in segments], f.project_cost, SHARE_COLUMN_DIGITS)
    rows: list[Row] = [
        Row(
            (
                Cell(fill=colour),
                funder,
                f"{nature} ({public})" if public else nature,
                status,
                ctx.money(amount),
                ctx.percent(share, SHARE_COLUMN_DIGITS),
            )
        )
        for (funder, nature, status, public, amount, colour), share in zip(segments, shares, strict=True)
    ]
    rows.append(
        Row(
            (
                "",
                ctx._(N_("Total : coût du projet")),
                "",
                "",
                ctx.money(f.project_cost),
                ctx.percent(sum(shares, Decimal(0)), SHARE_COLUMN_DIGITS),
            ),
            kind="total",
        )
    )
    rows.append(Row((Cell(_own_share(ctx), span=6),)))
    chart = _chart(w, ctx, [(amount, colour) for *_, amount, colour in segments])
    if chart:
        rows.append(chart)
    columns = (
        Column("", 300),
        Column(ctx._(N_("Financeur")), 2900),
        Column(ctx._(N_("Nature")), 2238),
        Column(ctx._(N_("Statut")), 1100),
        Column(ctx._(N_("Montant")), 1700, amount=True),
        Column(ctx._(N_("Part du coût")), 1400, amount=True),
    )
    w.add(table(columns, rows, keep_together=True), para())
    if f.own_contribution < 0:
        w.add(
            para(
                ctx._(
                    N_(
                        "Les aides dépassent le coût du projet : la part de la collectivité est "
                        "négative (voir le rapport de vérification)."
                    )
                )
            )
        )


def _own_share(ctx: RenderContext) -> str:
    """The own share as the CGCT measures it: of the public financing, which is the project's
    cost when no private funder takes part (then it is the share shown in the table)."""
    f, summary = ctx.evaluation.funding, ctx.summary
    values = {
        "share": ctx.own_share(),
        "own": ctx.money(f.own_contribution),
        "public": ctx.money(f.public_financing),
        "private": ctx.money(summary.private_cofunding),
        "minimum": ctx.percent(ctx.evaluation.call.min_own_share, 0),
    }
    if summary.private_cofunding == 0:
        return (
            ctx._(
                N_(
                    "Part de la collectivité : %(own)s (%(share)s, qui s'élève à %(public)s) ; le CGCT "
                    "(art. L1111-10) en exige au moins %(minimum)s, hors collectivités d'outre-mer."
                )
            )
            % values
        )
    return (
        ctx._(
            N_(
                "Part de la collectivité : %(own)s (%(share)s, c'est-à-dire du coût du projet moins les "
                "aides privées de %(private)s, soit %(public)s) ; le CGCT (art. L1111-10) en exige au "
                "moins %(minimum)s, hors collectivités d'outre-mer."
            )
        )
        % values
    )


def _chart(w: DocWriter, ctx: RenderContext, segments: list[tuple[Decimal, str]]) -> Row | None:
    """The bar as the last row of the resources table, whose coloured cells are its legend."""
    if not any(amount > 0 for amount, _ in segments):
        return None
    title = ctx._(N_("Répartition du financement du projet"))
    # The table's width less the cells' padding (0.19 cm each side).
    picture = w.picture(stacked_bar_png(segments), 16.62, 0.95, title)
    note = ctx._(
        N_(
            "Chaque couleur correspond à une ligne du tableau ci-dessus ; la longueur de chaque "
            "segment est proportionnelle au montant."
        )
    )
    return Row(
        (
            Cell(
                title,
                span=6,
                bold=True,
                note=note,
                extra_paragraph=f'<w:p><w:pPr><w:spacing w:before="60" w:after="60"/></w:pPr>{picture}</w:p>',
            ),
        )
    )
