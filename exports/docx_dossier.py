"""The Word dossier of a candidature, ready to sign and file: one pure function to bytes."""

from __future__ import annotations

import re

from grants.dossier import Dossier
from grants.evaluation import Evaluation
from grants.i18n import N_
from grants.labels import PIECE_LABELS

from .context import RenderContext
from .meta import ExportMeta
from .ooxml import BOLD, esc_text, field, para, rpr, run
from .sections.annexes import TO_ATTACH, applicable_pieces, write_pieces, write_timetable
from .sections.budget import write_budget, write_budget_annex
from .sections.checks import write_checks
from .sections.commitments import write_commitments
from .sections.cover import (
    ORANGE,
    RED,
    draft_mark,
    practice_mark,
    write_cover,
    write_summary,
    write_toc,
)
from .sections.financing import write_financing
from .sections.needs import write_needs
from .sections.parties import school_remarks, write_collectivite, write_schools
from .sections.project import write_project
from .writer import LANDSCAPE, PORTRAIT, DocWriter, Layout

LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}
HEADER_SIZE = 16  # half-points: the page header's 8 pt, so that name and reference share one line
_PAGE_PARTS = re.compile(r"(%\(page\)s|%\(pages\)s)")

BODY_PARTS = (
    write_collectivite,
    write_schools,
    write_budget,
    write_financing,
    write_project,
    write_timetable,
)
NEEDS_ANNEX = N_("Annexe 1 — État des lieux et besoins de chaque école")
BUDGET_ANNEX = N_("Annexe 2 — Budget détaillé de chaque école")


def build_dossier_docx(
    dossier: Dossier, evaluation: Evaluation, locale: str = "fr", meta: ExportMeta | None = None
) -> bytes:
    """The candidature as the call asks for it (.docx), in French or English: no rule code, no
    internal remark (those are in `build_report_docx`); a draft says so on every page and lists
    what is missing on its cover. Never fails on an incomplete dossier."""
    ctx = RenderContext(dossier, evaluation, locale, meta or ExportMeta())
    w = DocWriter(LANGUAGES[ctx.locale])
    w.headers(
        {layout: _header(ctx, layout) for layout in (PORTRAIT, LANDSCAPE)},
        {layout: _footer(ctx) for layout in (PORTRAIT, LANDSCAPE)},
    )
    write_cover(w, ctx)
    write_toc(w, ctx)
    write_summary(w, ctx)
    number = 0
    for write in BODY_PARTS:
        number += 1
        write(w, ctx, number)
    annexes = [ctx._(NEEDS_ANNEX), ctx._(BUDGET_ANNEX)]
    number += 1
    write_pieces(w, ctx, number, annexes)
    number += 1
    write_commitments(w, ctx, number)
    write_needs(w, ctx, annexes[0])
    w.end_section(PORTRAIT)
    write_budget_annex(w, ctx, annexes[1])
    title = f"{evaluation.call.title} — {dossier.collectivite.name}"
    w.properties(title, dossier.collectivite.name, LANGUAGES[ctx.locale], ctx.meta.generated_at)
    return w.to_bytes(LANDSCAPE)


def build_report_docx(
    dossier: Dossier, evaluation: Evaluation, locale: str = "fr", meta: ExportMeta | None = None
) -> bytes:
    """The verification report, for the team and the inspectors (never filed): what blocks the
    deposit, every finding with its rule, the remarks on each school, the pieces still to attach
    and the length of the project's texts."""
    ctx = RenderContext(dossier, evaluation, locale, meta or ExportMeta())
    w = DocWriter(LANGUAGES[ctx.locale])
    w.headers(
        {
            layout: _header(ctx, layout, ctx._(N_("Rapport de vérification")))
            for layout in (PORTRAIT, LANDSCAPE)
        },
        {layout: _footer(ctx) for layout in (PORTRAIT, LANDSCAPE)},
    )
    w.add(
        para(ctx._(N_("Rapport de vérification")), style="Title"),
        para(ctx.or_empty(dossier.collectivite.name), run_props=BOLD),
        para(
            ctx._(
                N_(
                    "Document de travail pour l'équipe et les inspecteurs : il ne fait pas partie de la "
                    "candidature. Référence : %(reference)s ; état : %(state)s ; généré le %(date)s."
                )
            )
            % {
                "reference": ctx.meta.reference or "—",
                "state": ctx.state_label(),
                "date": ctx.date_time(ctx.meta.generated_at),
            },
            style="Small",
        ),
    )
    blocking = evaluation.blocking()
    if ctx.meta.is_draft:
        w.heading(ctx._(N_("Avant le dépôt : ce qui manque")), 1)
        intro = N_("Le dossier ne pourra être déposé qu'une fois ces points corrigés :")
        none = N_("Aucun point bloquant : le dossier peut être déposé.")
    else:  # deposited or further: what the checks say of it today, not what it lacks to be filed
        w.heading(ctx._(N_("État du dossier : %(state)s")) % {"state": ctx.state_label()}, 1)
        intro = N_("Le dossier a été déposé ; les contrôles relèvent aujourd'hui ces points bloquants :")
        none = N_("Le dossier a été déposé ; les contrôles ne relèvent aujourd'hui aucun point bloquant.")
    if blocking:
        w.add(para(ctx._(intro)))
        w.add(*(para(ctx.render(f.message, f.params), style="ListBullet") for f in blocking))
    else:
        w.add(para(ctx._(none)))
    missing = [
        p
        for p in applicable_pieces(ctx)
        if p.required and not any(a.kind == p.code for a in ctx.meta.attachments)
    ]
    if missing:
        w.add(para(ctx._(N_("Pièces %(status)s :")) % {"status": ctx._(TO_ATTACH)}, run_props=BOLD))
        w.add(*(para(ctx.label(PIECE_LABELS, p.code), style="ListBullet") for p in missing))
    write_checks(w, ctx, 1)
    w.heading(ctx._(N_("Remarques sur les écoles")), 1)
    school_remarks(w, ctx)
    w.heading(ctx._(N_("Projet pédagogique")), 1)
    w.add(
        para(
            ctx._(N_("Longueur totale des textes : %(count)s caractères (au moins %(min)s attendus)."))
            % {
                "count": ctx.number(dossier.project.length()),
                "min": ctx.number(evaluation.call.project_min_chars),
            }
        )
    )
    w.properties(
        f"{ctx._(N_('Rapport de vérification'))} — {dossier.collectivite.name}",
        dossier.collectivite.name,
        LANGUAGES[ctx.locale],
        ctx.meta.generated_at,
    )
    return w.to_bytes(PORTRAIT)


def _header(ctx: RenderContext, layout: Layout, what: str = "") -> str:
    """The collectivité's name, and on the right BROUILLON on a draft, else the reference; a
    practice dossier's mark on every page."""
    grey = rpr(color="555555", size=HEADER_SIZE)
    right = run(f"{what} · ", grey) if what else ""
    if ctx.meta.practice:
        right += run(practice_mark(ctx) + " · ", rpr(bold=True, color=ORANGE, size=HEADER_SIZE))
    if ctx.meta.is_draft:
        right += run(draft_mark(ctx), rpr(bold=True, color=RED, size=HEADER_SIZE))
    else:
        right += unbroken(ctx.meta.reference or "", grey)
    return (
        f'<w:p><w:pPr><w:pStyle w:val="Header"/><w:tabs><w:tab w:val="clear" w:pos="4680"/>'
        f'<w:tab w:val="clear" w:pos="9360"/><w:tab w:val="right" w:pos="{layout.text_width}"/></w:tabs>'
        f"</w:pPr>{run(ctx.dossier.collectivite.name, grey)}<w:r><w:tab/></w:r>{right}</w:p>"
    )


def unbroken(text: str, props: str = "") -> str:
    """A run whose hyphens are Word's non-breaking hyphens: a reference such as
    « LABEL-ECOLES-NUMERIQUES-2020-000008 » never wraps at one of them."""
    parts = [f'<w:t xml:space="preserve">{esc_text(part)}</w:t>' for part in text.split("-")]
    return f"<w:r>{props}{'<w:noBreakHyphen/>'.join(parts)}</w:r>"


def _footer(ctx: RenderContext) -> str:
    """« page X sur Y » with live PAGE and NUMPAGES fields."""
    pieces = []
    for piece in _PAGE_PARTS.split(ctx._(N_("page %(page)s sur %(pages)s"))):
        if piece == "%(page)s":
            pieces.append(field("PAGE", "1"))
        elif piece == "%(pages)s":
            pieces.append(field("NUMPAGES", "1"))
        elif piece:
            pieces.append(run(piece))
    return f'<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>{"".join(pieces)}</w:p>'
