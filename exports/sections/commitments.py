"""The representative's commitments, the place and date, and room to sign and stamp."""

from __future__ import annotations

from grants.i18n import N_

from ..context import RenderContext, default_place
from ..ooxml import Cell, Column, Row, para, table
from ..writer import DocWriter
from .parties import deliberation_text

BLANK = "…………………………"
__all__ = ["default_place", "write_commitments"]


def _commitments(ctx: RenderContext) -> list[str]:
    f = ctx.evaluation.funding
    items = [
        ctx._(N_("certifie exactes les informations du présent dossier ;")),
        ctx._(N_("certifie que la collectivité exerce la compétence scolaire pour les écoles présentées ;")),
        ctx._(
            N_(
                "atteste que le projet pédagogique a été construit avec les équipes enseignantes et "
                "l'inspecteur de l'Éducation nationale de la circonscription ;"
            )
        ),
        ctx._(
            N_(
                "s'engage à réaliser le projet décrit, à financer la part qui reste à la charge de la "
                "collectivité (%(own)s) et à n'employer la subvention qu'à cet objet ;"
            )
        )
        % {"own": ctx.money(f.own_contribution)},
        ctx._(
            N_(
                "s'engage à transmettre les justificatifs des dépenses réalisées et à reverser les "
                "sommes qui ne seraient pas justifiées."
            )
        ),
    ]
    if any(s.sector == "prive_sous_contrat" for s in ctx.dossier.schools):
        items.insert(
            -1,
            ctx._(
                N_(
                    "atteste que l'aide apportée aux écoles privées sous contrat n'excède pas celle apportée "
                    "aux écoles publiques (Code de l'éducation, art. L442-16) ;"
                )
            ),
        )
    return items


def _opening(ctx: RenderContext) -> str:
    rep = ctx.dossier.collectivite.representative
    values = {
        "name": rep.name.strip(),
        "title": rep.title.strip(),
        "collectivite": ctx.or_empty(ctx.dossier.collectivite.name),
    }
    # Without a name, a blank line the signatory fills in by hand; the title stays (« Maire »).
    values["name"] = values["name"] or "……………………………………"
    if values["title"]:
        return (
            ctx._(
                N_(
                    "Je soussigné(e), %(name)s, %(title)s, représentant légal de la collectivité "
                    "« %(collectivite)s » :"
                )
            )
            % values
        )
    return (
        ctx._(N_("Je soussigné(e), %(name)s, représentant légal de la collectivité « %(collectivite)s » :"))
        % values
    )


def write_commitments(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """Certification, « Fait à …, le … », the signatory and the signature and stamp boxes."""
    rep = ctx.dossier.collectivite.representative
    w.heading(ctx._(N_("Engagements et signature")), 1, number=number, page_break=True)
    w.add(para(ctx._(N_("Vu la délibération %(deliberation)s,")) % {"deliberation": deliberation_text(ctx)}))
    w.add(para(_opening(ctx)))
    w.add(*(para(item, style="ListBullet") for item in _commitments(ctx)))
    place = ctx.seat_commune() or BLANK
    day = ctx.date(ctx.meta.signed_on) if ctx.meta.signed_on else BLANK
    w.add(
        para(
            ctx._(N_("Fait à %(place)s, le %(date)s.")) % {"place": place, "date": day},
            space_before=360,
            keep_next=True,
        )
    )
    who = "\n".join(t.strip() for t in (rep.name, rep.title) if t.strip())
    boxes = Row(
        (
            Cell(ctx._(N_("Signature du représentant légal")), note=who, bold=True),
            Cell(ctx._(N_("Cachet de la collectivité")), bold=True),
        ),
        height=2800,
    )
    w.add(table((Column("", 4819), Column("", 4819)), [boxes], header=False), para())
