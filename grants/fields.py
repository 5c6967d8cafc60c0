"""The fields of each part of a dossier, declared once: their name, their label and the kind of
value they hold. The forms' lists of fields, the field-by-field merge of concurrent saves and the
history's labels and formatting all read them. Pure data and small pure functions.

Kinds: `text`, `int`, `decimal` (a quantity), `money` (euros), `rate` (a fraction shown as a
percentage: 0.1 is « 10 % »), `bool`, `date` (a day), `choice` (a code, named by `choices`), `school` (a UAI or
none: the whole dossier), `counts` (the état des lieux: a code → a whole number).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .i18n import N_
from .labels import (
    APPLICANT_LABELS,
    CATEGORY_LABELS,
    COFUNDING_BASE_LABELS,
    COFUNDING_KIND_LABELS,
    COFUNDING_STATUS_LABELS,
    SCHOOL_KIND_LABELS,
    SECTOR_LABELS,
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # French source, translated where shown
    kind: str = "text"
    choices: dict | None = None


COLLECTIVITE = (
    Field("kind", N_("type de collectivité"), "choice", APPLICANT_LABELS),
    Field("name", N_("nom")),
    Field("siret", N_("SIRET")),
    Field("insee", N_("code INSEE")),
    Field("departement", N_("département")),
    Field("population", N_("population"), "int"),
    Field("vat_recovered", N_("récupération de la TVA"), "bool"),
    Field("rep_name", N_("représentant légal")),
    Field("rep_title", N_("qualité du représentant")),
    Field("contact_name", N_("contact")),
    Field("contact_email", N_("courriel du contact")),
    Field("contact_phone", N_("téléphone du contact")),
    Field("seat_commune", N_("commune siège")),
    Field("address", N_("adresse postale")),
    Field("academie", N_("académie")),
    Field("deliberation_number", N_("numéro de la délibération")),
    Field("deliberation_date", N_("date de la délibération"), "date"),
    Field("signed_on", N_("date de la signature"), "date"),
)
SCHOOL = (
    Field("uai", N_("UAI")),
    Field("name", N_("nom de l'école")),
    Field("kind", N_("type d'école"), "choice", SCHOOL_KIND_LABELS),
    Field("sector", N_("secteur"), "choice", SECTOR_LABELS),
    Field("classes", N_("classes"), "int"),
    Field("pupils", N_("élèves"), "int"),
    # Not in the JSON contract: the documents' « École et commune » (an EPCI's schools), typed by
    # the team or filled by the directory.
    Field("commune", N_("commune de l'école")),
)
INVENTORY = (Field("inventory", N_("état des lieux"), "counts", CATEGORY_LABELS),)
LINE = (
    Field("school_uai", N_("école"), "school"),
    Field("category", N_("catégorie"), "choice", CATEGORY_LABELS),
    Field("label", N_("libellé")),
    Field("quantity", N_("quantité"), "decimal"),
    Field("unit_price_ht", N_("prix unitaire HT"), "money"),
    Field("vat_rate", N_("TVA"), "rate"),
    Field("duration_months", N_("durée (mois)"), "int"),
)
COFUNDER = (
    Field("funder", N_("financeur")),
    Field("kind", N_("nature"), "choice", COFUNDING_KIND_LABELS),
    Field("status", N_("statut"), "choice", COFUNDING_STATUS_LABELS),
    Field("amount", N_("montant"), "money"),
    Field("rate", N_("taux"), "rate"),
    Field("base", N_("base du taux"), "choice", COFUNDING_BASE_LABELS),
)
PROJECT = (
    Field("summary", N_("résumé du projet")),
    Field("pedagogy", N_("usages pédagogiques")),
    Field("ien", N_("IEN consulté")),
    Field("concertation", N_("concertation")),
)

# The parts of the history and the fields each one holds.
PARTS: dict[str, tuple[Field, ...]] = {
    "collectivite": COLLECTIVITE,
    "school": SCHOOL + INVENTORY,
    "line": LINE,
    "cofunder": COFUNDER,
    "project": PROJECT,
}


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields)


def field_of(part: str, name: str) -> Field | None:
    return next((f for f in PARTS.get(part, ()) if f.name == name), None)


def comparable(field: Field | None, value: Any) -> Any:
    """A value in one form whatever it came from (the form, the database, the history's JSON):
    « 1.00 » and 1 are the same quantity, None and "" the same empty text."""
    kind = field.kind if field else "text"
    if value is None or value == "":
        return {} if kind == "counts" else None
    if kind in ("decimal", "money", "rate"):
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return value
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    if kind == "bool":
        return bool(value)
    if kind == "date":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if kind == "counts":
        return {k: int(v) for k, v in dict(value).items() if v}
    return value


def same(field: Field | None, a: Any, b: Any) -> bool:
    return comparable(field, a) == comparable(field, b)


@dataclass(frozen=True)
class Merge:
    """What a save applies when others saved since the page was read."""

    apply: dict  # field → this person's value, to write
    kept: tuple[str, ...]  # fields a colleague changed and this person did not: theirs stay
    conflicts: dict  # field → (mine, theirs): both changed it, to different values


def merge(fields: tuple[Field, ...], base: dict, mine: dict, theirs: dict) -> Merge:
    """Three-way merge, field by field: `base` what the page showed, `mine` what was sent,
    `theirs` what is stored now. A `counts` field merges item by item."""
    apply, kept, conflicts = {}, [], {}
    for field in fields:
        if field.name not in mine:
            continue
        b, m, t = base.get(field.name), mine[field.name], theirs.get(field.name)
        if field.kind == "counts":
            t_counts = comparable(field, t)
            merged, clashes = _merge_counts(comparable(field, b), comparable(field, m), t_counts)
            if merged != t_counts:  # the items only one person changed are written, clash or not
                apply[field.name] = merged
            if clashes:  # the conflict is about the items both changed, and those alone
                mine_counts = comparable(field, m)
                conflicts[field.name] = (
                    {code: mine_counts.get(code, 0) for code in clashes},
                    {code: t_counts.get(code, 0) for code in clashes},
                )
            elif merged == t_counts and not same(field, b, t):
                kept.append(field.name)
            continue
        mine_changed, theirs_changed = not same(field, b, m), not same(field, b, t)
        if mine_changed and theirs_changed and not same(field, m, t):
            conflicts[field.name] = (m, t)
        elif mine_changed and not same(field, m, t):
            apply[field.name] = m
        elif theirs_changed:
            kept.append(field.name)
    return Merge(apply, tuple(kept), conflicts)


def _merge_counts(base: dict, mine: dict, theirs: dict) -> tuple[dict, list[str]]:
    """Theirs with my changes on the items they did not change; the items both changed to
    different numbers (which keep theirs until the person chooses)."""
    merged, clashes = dict(theirs), []
    for code in sorted(set(base) | set(mine) | set(theirs)):
        b, m, t = base.get(code, 0), mine.get(code, 0), theirs.get(code, 0)
        if m != b and t != b and m != t:
            clashes.append(code)
        elif m != b:
            merged[code] = m
    return {k: v for k, v in merged.items() if v}, clashes
