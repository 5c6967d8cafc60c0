"""The cover page (with a draft's cover note), the one-page summary and the table of contents."""

from __future__ import annotations

from grants.findings import BLOCKING
from grants.i18n import N_
from grants.labels import CLASS_COUNT_LABELS, PART_SUBSIDY_LABELS

from ..context import RenderContext
from ..ooxml import BOLD, Cell, Column, Row, page_break, para, rich, rpr, table
from ..writer import DocWriter

RED = "C9191E"
ORANGE = "A64B00"


def draft_mark(ctx: RenderContext) -> str:
    """The word that marks a draft on every page."""
    return ctx._(N_("BROUILLON"))


def practice_mark(ctx: RenderContext) -> str:
    """The words that mark a practice dossier on every page."""
    return ctx._(N_("DOSSIER D'ENTRAÎNEMENT"))


def write_cover(w: DocWriter, ctx: RenderContext) -> None:
    """Call, collectivité, reference, state and date on a page of their own; on a draft, the
    cover note saying what is still missing before the deposit."""
    call, s = ctx.evaluation.call, ctx.summary
    w.add(
        para(ctx._(N_("Dossier de candidature")), style="Subtitle", space_before=1200),
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
        # The cost the subsidy is computed on, as the funding panel gives it (TTC without VAT recovery).
        (
            ctx._(
                N_("Coût du projet (HT)")
                if ctx.evaluation.funding.base == "ht"
                else N_("Coût du projet (TTC)")
            ),
            ctx.money(s.project_cost),
        ),
        (ctx._(N_("Subvention de l'État demandée")), ctx.money(s.state_subsidy)),
    ]
    w.add(
        para(space_before=360),
        table(
            (Column("", 3600), Column("", 6038)),
            (Row((Cell(k, bold=True), v)) for k, v in facts),
            header=False,
            text_style="Normal",
            keep_together=True,
        ),
    )
    if call.text("document.programme"):  # the programme that funds the call, in its words
        w.add(para(ctx._(call.text("document.programme")), style="Small", space_before=240))
    if ctx.meta.practice:
        w.add(
            rich(
                [
                    (practice_mark(ctx), rpr(bold=True, color=ORANGE, size=28)),
                    (
                        " — " + ctx._(N_("ce dossier sert à s'exercer : il n'est pas une candidature.")),
                        rpr(color=ORANGE),
                    ),
                ],
                space_before=240,
            )
        )
    if ctx.meta.is_draft:
        _draft_note(w, ctx)
    _sources(w, ctx)
    w.add(page_break())


def _draft_note(w: DocWriter, ctx: RenderContext) -> None:
    """BROUILLON, and the list of what blocks the deposit: a note on the cover, not a section."""
    w.add(
        rich(
            [
                (draft_mark(ctx), rpr(bold=True, color=RED, size=28)),
                (" — " + ctx._(N_("ce document n'est pas la version déposée du dossier.")), rpr(color=RED)),
            ],
            space_before=240,
        )
    )
    blocking = [f for f in ctx.evaluation.findings if f.severity == BLOCKING]
    if not blocking:
        return
    lines = [ctx.render(f.message, f.params) for f in blocking]
    note = ctx._(N_("Avant le dépôt, il reste à corriger (détail dans le rapport de vérification) :"))
    w.add(
        table(
            (Column("", 9638),),
            [Row((Cell(note, bold=True, note="\n".join(f"• {line}" for line in lines)),))],
            header=False,
            text_style="Small",
            keep_together=True,
        )
    )


def _sources(w: DocWriter, ctx: RenderContext) -> None:
    sources = [s for s in ctx.meta.sources if s and s.strip()]
    if sources:
        w.add(para(ctx._(N_("Sources des données")), style="Small", run_props=BOLD, space_before=360))
        w.add(*(para(s, style="Small") for s in sources))


def write_summary(w: DocWriter, ctx: RenderContext) -> None:
    """The dossier on one page: schools, classes, pupils, cost, the subsidy of each part of the
    call's funding (its volets, or its schools' band), own share."""
    s = ctx.summary
    w.heading(ctx._(N_("Synthèse du dossier")), 1)
    group = lambda title: Row((Cell(title, span=2),), kind="group")  # noqa: E731
    pair = lambda k, v, kind="": Row((Cell(k, bold=True), v), kind=kind)  # noqa: E731
    call = ctx.evaluation.call
    classes = ctx._(N_("%(classes)s (écoles éligibles)")) % {
        "classes": ctx.label(CLASS_COUNT_LABELS, call.class_count)
    }
    rows = [
        group(ctx._(N_("Écoles"))),
        pair(ctx._(N_("Écoles du dossier")), ctx.number(s.schools)),
        pair(ctx._(N_("Écoles éligibles")), ctx.number(s.eligible_schools)),
        pair(classes, ctx.number(s.eligible_classes)),
        pair(ctx._(N_("Élèves (écoles éligibles)")), ctx.number(s.eligible_pupils)),
    ]
    if call.max_population is not None and ctx.dossier.collectivite.kind in call.population_kinds:
        rows.append(
            pair(
                ctx._(N_("Population de la commune (l'appel : au plus %(max)s habitants)"))
                % {"max": ctx.number(call.max_population)},
                ctx.number(s.population),
            )
        )
    rows += [
        group(ctx._(N_("Coût du projet"))),
        pair(ctx._(N_("Coût total HT")), ctx.money(s.total_ht)),
        pair(ctx._(N_("Coût total TTC")), ctx.money(s.total_ttc)),
        pair(ctx._(N_("Base de la subvention (après plafonds)")), ctx.money(s.subsidy_base)),
        group(ctx._(N_("Financement"))),
        *(
            pair(ctx.call_label(f"part.{p.key}.subsidy", PART_SUBSIDY_LABELS, p.key), ctx.money(p.subsidy))
            for p in s.parts
        ),
        pair(ctx._(N_("Subvention de l'État demandée")), ctx.money(s.state_subsidy), "total"),
        pair(ctx._(N_("Autres financements")), ctx.money(s.cofunding)),
        pair(
            ctx._(N_("Part de la collectivité")),
            ctx._(N_("%(amount)s (%(share)s)"))
            % {"amount": ctx.money(s.own_contribution), "share": ctx.own_share()},
            "total",
        ),
    ]
    w.add(table((Column("", 5400), Column("", 4238)), rows, header=False, keep_together=True))
    w.add(page_break())


def write_toc(w: DocWriter, ctx: RenderContext) -> None:
    """The table of contents (two levels), on its own page."""
    w.table_of_contents(ctx._(N_("Sommaire")))
    w.add(page_break())
