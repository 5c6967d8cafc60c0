"""A school typed by hand against the directory: its commune and circonscription filled from the
directory when its UAI is there, and the directory's name, kind and sector taken once the team
confirms them."""

from __future__ import annotations

from models import DossierRecord, SchoolRecord, User

from . import directory
from .editing import save_fields


def with_directory_place(values: dict) -> dict:
    """The values of a school typed by hand, with the directory's commune and circonscription
    when the directory knows its UAI (they are not typed; name, kind and sector stay as typed)."""
    entry = directory.by_uai([values["uai"]]).get(values["uai"]) if values.get("uai") else None
    if entry is None:
        return values
    return {**values, "commune": entry.commune, "circonscription": entry.circonscription}


def directory_values(school: SchoolRecord) -> dict | None:
    """What the directory says of the school's UAI (None: not in the directory)."""
    entry = directory.by_uai([school.uai]).get(school.uai)
    if entry is None:
        return None
    return {
        "name": entry.name,
        "kind": entry.kind,
        "sector": entry.sector,
        "commune": entry.commune,
        "circonscription": entry.circonscription,
    }


def adopt_directory(
    rec: DossierRecord, school: SchoolRecord, user: User | None, expected: int
) -> dict | None:
    """Take the directory's name, kind, sector and commune for the school, as the team confirmed
    (flushes; Conflict when a colleague saved the school since); None when the UAI is not there."""
    values = directory_values(school)
    if values is None:
        return None
    changes = save_fields(rec, school, "version", expected, values, user, "school", values["name"])
    return changes
