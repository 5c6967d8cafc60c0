"""Names of the codes that the comparison of deposits and the notifications use."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from grants.compare import ADDED, CHANGED, REMOVED, SAME
from grants.dossier import Person
from grants.i18n import N_
from grants.labels import APPLICANT_LABELS, CATEGORY_LABELS, SCHOOL_KIND_LABELS, SECTOR_LABELS

from ..templating import money, number, percent

FIELD_LABELS = {
    "uai": N_("UAI"),
    "name": N_("Nom"),
    "kind": N_("Type"),
    "sector": N_("Secteur"),
    "classes": N_("Classes"),
    "pupils": N_("Élèves"),
    "inventory": N_("État des lieux"),
    "school": N_("École"),
    "category": N_("Catégorie"),
    "label": N_("Libellé"),
    "quantity": N_("Quantité"),
    "unit_price_ht": N_("Prix unitaire HT"),
    "vat_rate": N_("TVA"),
    "duration_months": N_("Durée (mois)"),
    "siret": N_("SIRET"),
    "insee": N_("Code INSEE"),
    "departement": N_("Département"),
    "population": N_("Population"),
    "vat_recovered": N_("Récupère la TVA"),
    "representative": N_("Représentant légal"),
    "contact": N_("Contact"),
    "summary": N_("Résumé du projet"),
    "pedagogy": N_("Usages pédagogiques"),
    "ien": N_("Inspecteur consulté"),
    "concertation": N_("Concertation"),
}
TOTAL_LABELS = {
    "project_cost": N_("Coût du projet"),
    "expense": N_("Dépense des écoles (référentiel)"),
    "eligible": N_("Dépense retenue des écoles"),
    # A part of the subsidy (grants.funding.Part): the call names it (`total.<key>` in its
    # `[wording]`, « Volet 1 : … » for the 2021 call); these words when it does not.
    "equipment.eligible": N_("Équipement retenu"),
    "equipment.subsidy": N_("Subvention de l'équipement"),
    "services.eligible": N_("Services : dépense retenue"),
    "services.subsidy": N_("Subvention des services"),
    "state_subsidy": N_("Subvention de l'État demandée"),
    "cofunding": N_("Autres financements"),
    "own_contribution": N_("Autofinancement"),
}
CHANGE_LABELS = {
    ADDED: N_("Ajoutée"),
    REMOVED: N_("Supprimée"),
    CHANGED: N_("Modifiée"),
    SAME: N_("Inchangée"),
}
CODED = {
    "category": CATEGORY_LABELS,
    "kind": {**SCHOOL_KIND_LABELS, **APPLICANT_LABELS},
    "sector": SECTOR_LABELS,
}


def show_value(field: str, value) -> str:
    """A field's value as a reader expects it: money, rate, label, yes or no, a dash when empty."""
    if value is None or value == "":
        return "—"
    if field in CODED:
        return _(CODED[field][value]) if value in CODED[field] else str(value)
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, Person):
        return ", ".join(v for v in (value.name, value.title, value.email, value.phone) if v) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{_(CATEGORY_LABELS.get(k, k))} : {n}" for k, n in sorted(value.items())) or "—"
    if field == "vat_rate":
        return percent(value)
    if field == "unit_price_ht" or isinstance(value, Decimal) and field not in ("quantity",):
        return money(value)
    return number(value) if isinstance(value, (int, Decimal)) else str(value)


def signed_money(value: Decimal) -> str:
    """A difference with its sign: +1 200,00 €, −300,00 €, or 0."""
    if not value:
        return money(Decimal(0))
    return ("+" if value > 0 else "−") + money(abs(value))


def total_label(key: str, call=None) -> str:
    """A total of the comparison as the call names it (`total.<key>` of its `[wording]`)."""
    own = call.text(f"total.{key}") if call is not None else ""
    return _(own) if own else _(TOTAL_LABELS[key])


def compare_context(call=None) -> dict:
    """What the comparison template needs to name things, in the words of the dossier's call."""
    return {
        "field_label": lambda f: _(FIELD_LABELS.get(f, f)),
        "total_label": lambda k: total_label(k, call),
        "change_label": lambda s: _(CHANGE_LABELS[s]),
        "show_value": show_value,
        "signed_money": signed_money,
    }
