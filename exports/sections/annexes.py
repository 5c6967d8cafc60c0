"""The timetable of the project and the list of annexes and attached pieces."""

from __future__ import annotations

from grants.i18n import N_
from grants.labels import MILESTONE_LABELS, PIECE_LABELS

from ..context import EMPTY, RenderContext
from ..ooxml import Column, para, table
from ..writer import DocWriter

TO_ATTACH = N_("à joindre")


def applicable_pieces(ctx: RenderContext) -> list:
    """The call's pieces that concern this dossier (the parity calculation only with a private
    school under contract)."""
    call = ctx.evaluation.call
    private = any(s.sector in call.private_sectors_needing_parity for s in ctx.dossier.schools)
    return [p for p in call.pieces if p.when != "private" or private]


def write_timetable(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """The call's dates and the collectivité's own, in order."""
    w.heading(ctx._(N_("Calendrier")), 1, number=number)
    call = ctx.evaluation.call
    rows = []
    for m in call.timetable:
        when = ctx.date(m.when) if m.when else ctx._(N_("à la suite de la décision de l'État"))
        rows.append((ctx.label(MILESTONE_LABELS, m.code), when))
        if m.code == "call_opens" and ctx.meta.deliberation_date:
            rows.append((ctx.label(MILESTONE_LABELS, "deliberation"), ctx.date(ctx.meta.deliberation_date)))
    if not rows:
        w.add(para(ctx._(N_("L'appel ne précise pas de calendrier."))))
        return
    columns = (Column(ctx._(N_("Étape")), 6138), Column(ctx._(N_("Date")), 3500))
    w.add(table(columns, rows, keep_together=True), para())
    w.add(
        para(
            ctx._(
                N_(
                    "Les dépenses ne sont engagées qu'après la notification de la décision : la "
                    "collectivité atteste que les acquisitions n'ont pas commencé."
                )
            )
        )
    )


def write_pieces(w: DocWriter, ctx: RenderContext, number: int, annexes: list[str]) -> None:
    """The annexes of this document, then every piece the call asks for and those attached."""
    w.heading(ctx._(N_("Annexes et pièces jointes")), 1, number=number)
    w.heading(ctx._(N_("Annexes du présent document")), 2)
    w.add(*(para(title, style="ListBullet") for title in annexes))
    w.heading(ctx._(N_("Pièces jointes au dossier")), 2)
    attached = list(ctx.meta.attachments)
    rows = []
    listed: set[int] = set()
    for piece in applicable_pieces(ctx):
        mine = [i for i, a in enumerate(attached) if a.kind == piece.code]
        listed.update(mine)
        status = ctx._(N_("obligatoire")) if piece.required else ctx._(N_("facultative"))
        if not mine and piece.code != "autre":
            rows.append((ctx.label(PIECE_LABELS, piece.code), status, ctx._(TO_ATTACH)))
        for i in mine:
            rows.append((ctx.label(PIECE_LABELS, piece.code), status, _described(ctx, attached[i])))
    for i, a in enumerate(attached):
        if i not in listed:
            rows.append((ctx.label(PIECE_LABELS, a.kind), EMPTY, _described(ctx, a)))
    if not rows:
        w.add(para(ctx._(N_("Aucune pièce jointe."))))
        return
    columns = (
        Column(ctx._(N_("Pièce")), 3900),
        Column(ctx._(N_("Exigence")), 1500),
        Column(ctx._(N_("Fichier joint")), 4238),
    )
    w.add(table(columns, rows), para())


def _described(ctx: RenderContext, attachment) -> str:
    if attachment.pages:
        return ctx._(N_("%(name)s (%(pages)s p.)")) % {
            "name": attachment.filename,
            "pages": ctx.number(attachment.pages),
        }
    return attachment.filename
