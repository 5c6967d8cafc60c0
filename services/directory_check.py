"""A school typed by hand against the directory: its commune and circonscription filled from the
directory when its UAI is there, and the directory's name, kind and sector taken once the team
confirms them."""

from __future__ import annotations

from models import DossierRecord, SchoolRecord, User, db

from . import directory
from .dossiers import log
from .editing import find, plain


def with_directory_place(values: dict) -> dict:
    """The values of a school typed by hand, with the directory's commune and circonscription
    when the directory knows its UAI (they are not typed; name, kind and sector stay as typed)."""
    entry = directory.by_uai([values["uai"]]).get(values["uai"]) if values.get("uai") else None
    if entry is None:
        return values
    # A commune the team typed is kept; the directory fills it when left blank.
    return {
        **values,
        "commune": values.get("commune") or entry.commune,
        "circonscription": entry.circonscription,
    }


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


STALE = "stale"


def adopt_directory(
    rec: DossierRecord, user: User | None, school_id: int, read_version: int
) -> dict | str | None:
    """Take the directory's name, kind, sector and commune for the school, as the team confirmed
    on a page read at `read_version` (flushes): the changes made; STALE when a colleague saved the
    school since (nothing changed: the team confirms again, seeing the new values); None when
    its UAI is not in the directory."""
    school = find(rec, "school", school_id)
    if school.version != read_version:
        return STALE
    values = directory_values(school)
    if values is None:
        return None
    changes = {k: [plain(getattr(school, k)), v] for k, v in values.items() if getattr(school, k) != v}
    for name, value in values.items():
        setattr(school, name, value)
    school.version += 1
    log(rec, user, "school", school.id, "adopt_directory", values["name"], {**changes, "_v": school.version})
    db.session.flush()
    return changes
