"""The eligibility checks: every finding with its severity, then the rules the dossier passes."""

from __future__ import annotations

import re

from grants.findings import BLOCKING, INFO, RULES, SEVERITIES, WARNING, Finding
from grants.i18n import N_
from grants.labels import SEVERITY_LABELS
from grants.rules import codes_of

from ..context import RenderContext
from ..ooxml import BOLD, Cell, Column, Row, para, table
from ..writer import DocWriter

_INDEXED = re.compile(r"^(schools|lines)\[(\d+)\]")
PLACES = {
    "collectivite.siret": N_("SIRET"),
    "collectivite.insee": N_("Code INSEE"),
    "collectivite.kind": N_("Type de collectivité"),
    "collectivite": N_("Collectivité"),
    "schools": N_("Écoles"),
    "lines": N_("Budget"),
    "funding": N_("Plan de financement"),
    "project": N_("Projet pédagogique"),
    "call": N_("Appel à projets"),
}
SEVERITY_FILL = {BLOCKING: "FBE3E4", WARNING: "FFF1D6", INFO: ""}


def describe_place(ctx: RenderContext, path: str) -> str:
    """What a finding's path designates, as a reader names it (`École 0750655E — Jules Ferry`)."""
    match = _INDEXED.match(path)
    if match:
        kind, index = match.group(1), int(match.group(2))
        items = ctx.dossier.schools if kind == "schools" else ctx.dossier.lines
        if index < len(items):
            item = items[index]
            if kind == "schools":
                return ctx._(N_("École %(uai)s — %(name)s")) % {"uai": item.uai, "name": item.name}
            values = {"number": index + 1, "label": item.label, "uai": item.school}
            if item.school is None:
                return ctx._(N_("Ligne %(number)s : %(label)s")) % values
            return ctx._(N_("Ligne %(number)s (%(uai)s) : %(label)s")) % values
    for prefix, name in PLACES.items():
        if path == prefix or path.startswith(prefix + "."):
            return ctx._(name)
    return path


def write_checks(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """Findings by severity, then the rules with nothing to say."""
    findings = sorted(ctx.evaluation.findings, key=lambda f: SEVERITIES.index(f.severity))
    w.heading(ctx._(N_("Contrôles d'éligibilité")), 1, number=number, page_break=True)
    verdict = (
        N_("Le dossier respecte toutes les règles bloquantes de l'appel.")
        if ctx.evaluation.eligible
        else N_("Le dossier ne peut pas être déposé en l'état : corrigez les points bloquants.")
    )
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    w.add(
        para(ctx._(verdict), run_props=BOLD),
        para(
            ctx._(
                N_(
                    "Points bloquants : %(blocking)s ; avertissements : %(warning)s ; "
                    "informations : %(info)s."
                )
            )
            % {k: ctx.number(v) for k, v in counts.items()}
        ),
    )
    if findings:
        w.heading(ctx._(N_("Points relevés")), 2)
        w.add(table(_finding_columns(ctx), (_finding_row(ctx, f) for f in findings)), para())
    _passed(w, ctx, {f.rule for f in findings})


def _finding_columns(ctx: RenderContext) -> tuple[Column, ...]:
    return (
        Column(ctx._(N_("Gravité")), 1400),
        Column(ctx._(N_("Règle")), 2000),
        Column(ctx._(N_("Concerne")), 2000),
        Column(ctx._(N_("Constat")), 4238),
    )


def _finding_row(ctx: RenderContext, finding: Finding) -> Row:
    rule = RULES.get(finding.rule)
    title = ctx._(rule.title) if rule else ""
    return Row(
        (
            Cell(
                ctx.label(SEVERITY_LABELS, finding.severity),
                fill=SEVERITY_FILL.get(finding.severity, ""),
                bold=finding.severity == BLOCKING,
            ),
            Cell(finding.rule, note=title),
            describe_place(ctx, finding.path),
            ctx.render(finding.message, finding.params),
        )
    )


def _passed(w: DocWriter, ctx: RenderContext, failed: set[str]) -> None:
    # Only the call's own rules: another call's (a per-class cap, a duration) are not "respected".
    own = set(codes_of(ctx.evaluation.call.rules))
    passed = [rule for code, rule in RULES.items() if code in own and code not in failed]
    if not passed:
        return
    w.heading(ctx._(N_("Règles respectées")), 2)
    columns = (
        Column(ctx._(N_("Règle")), 2000),
        Column(ctx._(N_("Référence")), 2000),
        Column(ctx._(N_("Exigence")), 5638),
    )
    w.add(table(columns, ((r.code, r.paragraph, ctx._(r.title)) for r in passed)), para())
