"""A valid request for each main form, read fresh from the database (versions move on each save):
the fuzzer changes a few of its fields, so that random values reach the services and the
database instead of stopping at the first required field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from models import CofunderRecord, DossierRecord, LineRecord, SchoolRecord, db

from .fuzz import field_names
from .world import World


@dataclass(frozen=True)
class Baseline:
    role: str
    target: str | None
    data: Callable[[World], dict]


def _dossier(world: World) -> DossierRecord:
    return db.session.get(DossierRecord, world.dossiers["A2"])


def _version(model, world: World, key: str) -> str:
    row = db.session.get(model, world.values["A2"][key])
    return str(row.version) if row else "1"


COLLECTIVITE = {
    "kind": "commune",
    "name": "Commune",
    "siret": "21710112000012",
    "insee": "71412",
    "departement": "71",
    "population": "820",
    "vat_recovered": "y",
    "rep_name": "Claire Moreau",
    "rep_title": "Maire",
    "contact_name": "Karim",
    "contact_email": "k@example.fr",
    "contact_phone": "01 02 03 04 05",
}
SCHOOL = {
    "uai": "0710002S",
    "name": "École du Haut",
    "kind": "elementaire",
    "sector": "public",
    "classes": "3",
    "pupils": "60",
}
LINE = {
    "school": "__dossier__",
    "category": "service_ent",
    "label": "ENT",
    "quantity": "1",
    "unit_price_ht": "1 200,50",
    "vat_rate": "20",
    "duration_months": "24",
}
FUNDER = {
    "funder": "Région",
    "kind": "region",
    "status": "requested",
    "mode": "amount",
    "amount": "1 000",
    "rate": "",
    "base": "project",
}
PROJECT = {"summary": "Résumé", "pedagogy": "Usages", "ien": "IEN", "concertation": "Conseils des maîtres"}
INVENTORY = {name: "1" for name in field_names()[0] if name.startswith("inv_")}

BASELINES: dict[str, Baseline] = {
    "wizard.save_collectivite": Baseline(
        "member_a", "A2", lambda w: {**COLLECTIVITE, "version": str(_dossier(w).version_collectivite)}
    ),
    "wizard.save_project": Baseline(
        "member_a", "A2", lambda w: {**PROJECT, "version": str(_dossier(w).version_project)}
    ),
    "wizard.autosave_project": Baseline(
        "member_a", "A2", lambda w: {**PROJECT, "version": str(_dossier(w).version_project)}
    ),
    "wizard.add_school_view": Baseline("member_a", "A2", lambda w: dict(SCHOOL)),
    "wizard.edit_school": Baseline(
        "member_a", "A2", lambda w: {**SCHOOL, "version": _version(SchoolRecord, w, "school_id")}
    ),
    "wizard.save_inventory": Baseline(
        "member_a", "A2", lambda w: {**INVENTORY, "version": _version(SchoolRecord, w, "school_id")}
    ),
    "wizard.add_line_view": Baseline("member_a", "A2", lambda w: dict(LINE)),
    "wizard.edit_line": Baseline(
        "member_a", "A2", lambda w: {**LINE, "version": _version(LineRecord, w, "line_id")}
    ),
    "wizard.add_cofunder_view": Baseline("member_a", "A2", lambda w: dict(FUNDER)),
    "wizard.edit_cofunder": Baseline(
        "member_a", "A2", lambda w: {**FUNDER, "version": _version(CofunderRecord, w, "funder_id")}
    ),
    "wizard.preview": Baseline("member_a", "A2", lambda w: {**LINE, "_preview": "line", "_target": ""}),
    "home.new_organisation": Baseline(
        "member_a",
        None,
        lambda w: {
            "name": "Commune Nouvelle",
            "kind": "commune",
            "siret": "",
            "insee": "",
            "departement": "71",
        },
    ),
    "home.new_dossier": Baseline("member_a", None, lambda w: {"title": "Nouveau dossier"}),
    "home.invite": Baseline("member_a", None, lambda w: {"email": "collegue@example.fr"}),
    "auth.signup": Baseline(
        "anonymous",
        None,
        lambda w: {
            "name": "Nouvelle",
            "email": "nouvelle@example.fr",
            "password": "motdepasse-solide",
            "confirm": "motdepasse-solide",
        },
    ),
    "review.open_thread": Baseline(
        "ien_x", "A", lambda w: {"kind": "section", "ref": "projet", "body": "Précisez."}
    ),
    "review.reply": Baseline("member_a", "A", lambda w: {"body": "Voici."}),
    "review.give_avis": Baseline("ien_x", "A", lambda w: {"value": "favorable", "motivation": "Bon projet."}),
    "review.move": Baseline("ien_x", "A", lambda w: {"action": "request_correction", "reason": "Précisez."}),
    "admin.inspectors": Baseline(
        "admin",
        None,
        lambda w: {
            "email": "ien@ac-exemple.fr",
            "name": "Inspectrice",
            "level": "ien",
            "departements": "71 69",
        },
    ),
}
