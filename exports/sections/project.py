"""The pedagogical project's texts, as the team wrote them."""

from __future__ import annotations

from grants.i18n import N_

from ..context import RenderContext
from ..ooxml import ITALIC, para
from ..writer import DocWriter

TEXTS = (
    ("summary", N_("Résumé du projet")),
    ("pedagogy", N_("Usages pédagogiques prévus avec les équipes enseignantes")),
    ("ien", N_("Inspecteur de l'Éducation nationale consulté")),
    ("concertation", N_("Concertation avec les équipes")),
)


def write_project(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """Each text under its heading, one paragraph per line the team typed."""
    project = ctx.dossier.project
    w.heading(ctx._(N_("Projet pédagogique")), 1, number=number, page_break=True)
    for attribute, title in TEXTS:
        w.heading(ctx._(title), 2)
        lines = [line.strip() for line in (getattr(project, attribute) or "").splitlines() if line.strip()]
        if not lines:
            w.add(para(ctx._(N_("Non renseigné.")), run_props=ITALIC))
        w.add(*(para(line) for line in lines))
    w.add(para(ctx._(N_("Longueur totale des textes : %(count)s caractères.")) % {
        "count": ctx.number(project.length())}, style="Small"))
