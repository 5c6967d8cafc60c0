"""What the interchange format allows but the database does not: texts longer than their column.
Checked before a JSON dossier becomes a draft, so that each is named by its path."""

from __future__ import annotations

from grants.dossier import Dossier
from models import CofunderRecord, DossierRecord, LineRecord, SchoolRecord

COLLECTIVITE = {
    "kind": "kind",
    "name": "name",
    "siret": "siret",
    "insee": "insee",
    "departement": "departement",
    "representative.name": "rep_name",
    "representative.title": "rep_title",
    "contact.name": "contact_name",
    "contact.email": "contact_email",
    "contact.phone": "contact_phone",
}
PARTS = (
    ("schools", SchoolRecord, {"uai": "uai", "name": "name", "kind": "kind", "sector": "sector"}),
    ("lines", LineRecord, {"school": "school_uai", "category": "category", "label": "label"}),
    ("cofunding", CofunderRecord, {"funder": "funder", "kind": "kind", "status": "status", "base": "base"}),
)


def _limit(model, column: str) -> int | None:
    return getattr(model.__table__.c[column].type, "length", None)


def _value(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def too_long(dossier: Dossier) -> list[tuple[str, int, int]]:
    """(path, maximum, length) of every text longer than the database keeps."""
    found = []
    items = [("collectivite", dossier.collectivite, DossierRecord, COLLECTIVITE)]
    for key, model, fields in PARTS:
        items += [(f"{key}[{i}]", obj, model, fields) for i, obj in enumerate(getattr(dossier, key))]
    for prefix, obj, model, fields in items:
        for path, column in fields.items():
            value, limit = _value(obj, path), _limit(model, column)
            if isinstance(value, str) and limit and len(value) > limit:
                found.append((f"{prefix}.{path}", limit, len(value)))
    return found
