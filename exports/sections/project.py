"""The pedagogical project's texts, as the team wrote them."""

from __future__ import annotations

import re

from grants.i18n import N_

from ..context import RenderContext
from ..ooxml import ITALIC, clean, para
from ..writer import DocWriter

_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")
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
        lines = [
            line.strip() for line in _LINE_BREAK.split(clean(getattr(project, attribute))) if line.strip()
        ]
        if not lines:
            w.add(para(ctx._(N_("Non renseigné.")), run_props=ITALIC))
        w.add(*(para(line) for line in lines))
