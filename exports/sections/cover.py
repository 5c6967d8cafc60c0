"""The cover page, what a draft still lacks, and the table of contents."""

from __future__ import annotations

from grants.findings import BLOCKING
from grants.i18n import N_

from ..context import RenderContext
from ..ooxml import BOLD, Cell, Column, Row, page_break, para, rich, rpr, table
from ..writer import DocWriter

RED = "C9191E"


def draft_mark(ctx: RenderContext) -> str:
    """The word that marks a draft on every page."""
    return ctx._(N_("BROUILLON"))


def write_cover(w: DocWriter, ctx: RenderContext) -> None:
    """Call, collectivité, reference, state, date and rules version, on a page of their own."""
    call, funding = ctx.evaluation.call, ctx.evaluation.funding
    w.add(
        para(ctx._(N_("Dossier de candidature")), style="Subtitle", space_before=1800),
        para(call.title, style="Title"),
        para(
            ctx.or_empty(ctx.dossier.collectivite.name), run_props=rpr(bold=True, size=32), space_before=240
        ),
    )
    reference = ctx.meta.reference or ctx._(N_("aucune (fichier hors de l'application)"))
    facts = [
        (ctx._(N_("Référence du dossier")), reference),
        (ctx._(N_("État du dossier")), ctx.state_label()),
        (ctx._(N_("Document généré le")), ctx.date_time(ctx.meta.generated_at)),
        (ctx._(N_("Version des règles")), call.rules_version),
        (ctx._(N_("Écoles du dossier")), ctx.number(len(ctx.dossier.schools))),
        (ctx._(N_("Coût du projet")), ctx.money(funding.project_cost)),
        (ctx._(N_("Subvention de l'État demandée")), ctx.money(funding.state_subsidy)),
    ]
    w.add(
        para(space_before=480),
        table(
            (Column("", 3600), Column("", 6038)),
            (Row((Cell(k, bold=True), v)) for k, v in facts),
            header=False,
            text_style="Normal",
            keep_together=True,
        ),
    )
    if ctx.meta.is_draft:
        w.add(
            rich(
                [
                    (draft_mark(ctx), rpr(bold=True, color=RED, size=28)),
                    (
                        " — " + ctx._(N_("ce document n'est pas la version déposée du dossier.")),
                        rpr(color=RED),
                    ),
                ],
                space_before=360,
            )
        )
    _sources(w, ctx)
    w.add(page_break())


def _sources(w: DocWriter, ctx: RenderContext) -> None:
    sources = [s for s in ctx.meta.sources if s and s.strip()]
    if sources:
        w.add(para(ctx._(N_("Sources des données")), style="Small", run_props=BOLD, space_before=600))
        w.add(*(para(s, style="Small") for s in sources))


def write_missing(w: DocWriter, ctx: RenderContext) -> None:
    """On a draft: the blocking findings, what must be corrected before the deposit."""
    if not ctx.meta.is_draft:
        return
    w.heading(ctx._(N_("Avant le dépôt : ce qui manque")), 1)
    blocking = [f for f in ctx.evaluation.findings if f.severity == BLOCKING]
    if not blocking:
        w.add(para(ctx._(N_("Aucun point bloquant : le dossier peut être déposé."))))
        return
    w.add(para(ctx._(N_("Le dossier ne pourra être déposé qu'une fois ces points corrigés :"))))
    w.add(*(para(ctx.render(f.message, f.params), style="ListBullet") for f in blocking))


def write_toc(w: DocWriter, ctx: RenderContext) -> None:
    """The table of contents, on its own page."""
    w.table_of_contents(ctx._(N_("Sommaire")))
    w.add(page_break())
