"""Who applies (the collectivité, its representative and contact) and for which schools."""

from __future__ import annotations

from grants.findings import BLOCKING, SEVERITIES, Finding
from grants.i18n import N_
from grants.labels import (
    APPLICANT_LABELS,
    CLASS_COUNT_LABELS,
    SCHOOL_KIND_LABELS,
    SECTOR_LABELS,
    SEVERITY_LABELS,
)

from ..context import EMPTY, RenderContext
from ..ooxml import BOLD, Cell, Column, Row, para, table
from ..writer import DocWriter


def write_collectivite(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """Identification of the applicant, its legal representative and the dossier's contact."""
    c = ctx.dossier.collectivite
    w.heading(ctx._(N_("La collectivité")), 1, number=number)
    vat = (
        N_("récupérée (FCTVA) : la subvention est calculée sur les montants HT")
        if c.vat_recovered
        else N_("non récupérée : la subvention est calculée sur les montants TTC")
    )
    rows = [
        _group(ctx._(N_("Identification"))),
        _pair(ctx._(N_("Nom")), ctx.or_empty(c.name)),
        _pair(ctx._(N_("Type de collectivité")), ctx.label(APPLICANT_LABELS, c.kind)),
        _pair(ctx._(N_("SIRET")), ctx.or_empty(c.siret)),
        _pair(ctx._(N_("Commune siège")), ctx.or_empty(ctx.seat_commune())),
        _pair(ctx._(N_("Code INSEE de la commune siège")), ctx.or_empty(c.insee)),
        _pair(ctx._(N_("Adresse postale")), ctx.or_empty(ctx.meta.address)),
        _pair(ctx._(N_("Département")), ctx.or_empty(c.departement)),
        _pair(ctx._(N_("Académie")), ctx.or_empty(ctx.meta.academie)),
        _pair(ctx._(N_("Population")), ctx.number(c.population)),
        _pair(ctx._(N_("TVA")), ctx._(vat)),
        _pair(ctx._(N_("Délibération")), deliberation_text(ctx)),
        _group(ctx._(N_("Représentant légal"))),
        _pair(ctx._(N_("Nom")), ctx.or_empty(c.representative.name)),
        _pair(ctx._(N_("Qualité")), ctx.or_empty(c.representative.title)),
        _group(ctx._(N_("Contact pour le dossier"))),
        _pair(ctx._(N_("Nom")), ctx.or_empty(c.contact.name)),
        _pair(ctx._(N_("Courriel")), ctx.or_empty(c.contact.email)),
        _pair(ctx._(N_("Téléphone")), ctx.or_empty(c.contact.phone)),
    ]
    w.add(table((Column("", 3600), Column("", 6038)), rows, header=False, keep_together=True), para())


def deliberation_text(ctx: RenderContext) -> str:
    """« n° 2021-014 du 1er mars 2021 », with dots for what the team has not given."""
    number = ctx.meta.deliberation_number.strip() or "…"
    day = ctx.date(ctx.meta.deliberation_date) if ctx.meta.deliberation_date else "…"
    return ctx._(N_("n° %(number)s du %(date)s")) % {"number": number, "date": day}


def is_grouping(ctx: RenderContext) -> bool:
    """An EPCI or a syndicat: its schools are in several communes."""
    return ctx.dossier.collectivite.kind in ("epci", "syndicat")


def _group(title: str) -> Row:
    return Row((Cell(title, span=2),), kind="group")


def _pair(key: str, value: str) -> Row:
    return Row((Cell(key, bold=True), value))


def school_is_eligible(ctx: RenderContext, index: int) -> bool:
    """Eligible by kind and sector, and no blocking finding about the school."""
    result = ctx.evaluation.funding.schools[index]
    return result.eligible and not any(f.severity == BLOCKING for f in ctx.evaluation.at(f"schools[{index}]"))


def write_schools(w: DocWriter, ctx: RenderContext, number: int) -> None:
    """The schools with their counts and eligibility, then what the rules say of each."""
    w.heading(ctx._(N_("Les écoles")), 1, number=number)
    schools = ctx.dossier.schools
    if not schools:
        w.add(para(ctx._(N_("Aucune école n'est inscrite au dossier."))))
        return
    eligible = [school_is_eligible(ctx, i) for i in range(len(schools))]
    summary = ctx.summary
    w.add(
        para(
            ctx._(
                N_(
                    "Écoles : %(count)s, dont éligibles : %(eligible)s. Dans les écoles éligibles, "
                    "%(classes_label)s : %(classes)s ; élèves : %(pupils)s."
                )
            )
            % {
                "classes_label": ctx.label(CLASS_COUNT_LABELS, ctx.evaluation.call.class_count).lower(),
                "count": ctx.number(len(schools)),
                "eligible": ctx.number(summary.eligible_schools),
                "classes": ctx.number(summary.eligible_classes),
                "pupils": ctx.number(summary.eligible_pupils),
            },
            keep_next=True,
        )
    )
    yes, no = ctx._(N_("Éligible")), ctx._(N_("Non éligible"))
    communes = ctx.meta.school_communes
    grouping = is_grouping(ctx)
    rows = [
        (
            s.uai,
            f"{s.name}\n{communes.get(s.uai) or EMPTY}" if grouping else s.name,
            ctx.label(SCHOOL_KIND_LABELS, s.kind),
            ctx.label(SECTOR_LABELS, s.sector),
            ctx.number(s.classes),
            ctx.number(s.pupils),
            yes if ok else no,
        )
        for s, ok in zip(schools, eligible, strict=True)
    ]
    w.add(table(_school_columns(ctx, grouping), rows), para())


def _school_columns(ctx: RenderContext, grouping: bool) -> tuple[Column, ...]:
    # Widths leave room for the longest heading in a wider fallback font (« Classes »).
    return (
        Column(ctx._(N_("UAI")), 1200),
        Column(ctx._(N_("École et commune") if grouping else N_("École")), 2488),
        Column(ctx._(N_("Type")), 1250),
        Column(ctx._(N_("Secteur")), 1400),
        Column(ctx._(N_("Classes")), 1100, amount=True),
        Column(ctx._(N_("Élèves")), 1000, amount=True),
        Column(ctx._(N_("Éligibilité")), 1200),
    )


def school_remarks(w: DocWriter, ctx: RenderContext) -> None:
    """What the rules say of each school (for the verification report)."""
    remarks = [(s, _ordered(ctx.evaluation.at(f"schools[{i}]"))) for i, s in enumerate(ctx.dossier.schools)]
    remarks = [(s, found) for s, found in remarks if found]
    if not remarks:
        w.add(para(ctx._(N_("Aucune remarque sur les écoles."))))
        return
    for school, found in remarks:
        w.add(para(f"{school.uai} — {school.name}", run_props=BOLD, keep_next=True))
        w.add(*(para(severity_line(ctx, f), style="ListBullet") for f in found))


def severity_line(ctx: RenderContext, finding: Finding) -> str:
    """`Avertissement : message…` in the reader's language."""
    return ctx._(N_("%(severity)s : %(message)s")) % {
        "severity": ctx.label(SEVERITY_LABELS, finding.severity),
        "message": ctx.render(finding.message, finding.params),
    }


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9)
