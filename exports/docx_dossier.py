"""The Word dossier of a candidature, ready to sign and file: one pure function to bytes."""

from __future__ import annotations

import re

from grants.dossier import Dossier
from grants.evaluation import Evaluation
from grants.i18n import N_

from .context import RenderContext
from .meta import ExportMeta
from .ooxml import field, rpr, run
from .sections.budget import write_budget
from .sections.checks import write_checks
from .sections.commitments import write_commitments
from .sections.cover import RED, draft_mark, write_cover, write_missing, write_toc
from .sections.financing import write_financing
from .sections.needs import write_needs
from .sections.parties import write_collectivite, write_schools
from .sections.project import write_project
from .writer import LANDSCAPE, PORTRAIT, DocWriter, Layout

LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}
_PAGE_PARTS = re.compile(r"(%\(page\)s|%\(pages\)s)")

PORTRAIT_PARTS = (write_collectivite, write_schools, write_needs)
LANDSCAPE_PARTS = (write_budget,)
CLOSING_PARTS = (write_financing, write_project, write_checks, write_commitments)


def build_dossier_docx(
    dossier: Dossier, evaluation: Evaluation, locale: str = "fr", meta: ExportMeta | None = None
) -> bytes:
    """The .docx of a dossier and its evaluation, in French or English; never fails on an
    incomplete dossier (no school, no line, no project)."""
    ctx = RenderContext(dossier, evaluation, locale, meta or ExportMeta())
    w = DocWriter(LANGUAGES[ctx.locale])
    w.headers(
        {layout: _header(ctx, layout) for layout in (PORTRAIT, LANDSCAPE)},
        {layout: _footer(ctx) for layout in (PORTRAIT, LANDSCAPE)},
    )
    write_cover(w, ctx)
    write_missing(w, ctx)
    write_toc(w, ctx)
    number = 0
    for parts, layout in ((PORTRAIT_PARTS, PORTRAIT), (LANDSCAPE_PARTS, LANDSCAPE)):
        for write in parts:
            number += 1
            write(w, ctx, number)
        w.end_section(layout)
    for write in CLOSING_PARTS:
        number += 1
        write(w, ctx, number)
    title = f"{evaluation.call.title} — {dossier.collectivite.name}"
    w.properties(title, dossier.collectivite.name, LANGUAGES[ctx.locale], ctx.meta.generated_at)
    return w.to_bytes(PORTRAIT)


def _header(ctx: RenderContext, layout: Layout) -> str:
    """The collectivité's name, and on the right BROUILLON on a draft, else the reference."""
    if ctx.meta.is_draft:
        right = run(draft_mark(ctx), rpr(bold=True, color=RED))
    else:
        right = run(ctx.meta.reference or "", rpr(color="555555"))
    if ctx.meta.practice:  # on every page of a practice dossier
        right = run(ctx._(N_("ENTRAÎNEMENT")) + " · ", rpr(bold=True, color=RED)) + right
    return (
        f'<w:p><w:pPr><w:pStyle w:val="Header"/><w:tabs><w:tab w:val="clear" w:pos="4680"/>'
        f'<w:tab w:val="clear" w:pos="9360"/><w:tab w:val="right" w:pos="{layout.text_width}"/></w:tabs>'
        f"</w:pPr>{run(ctx.dossier.collectivite.name, rpr(color='555555'))}<w:r><w:tab/></w:r>{right}</w:p>"
    )


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
