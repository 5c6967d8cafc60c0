"""Adding, changing and removing a dossier's schools and their état des lieux."""

from __future__ import annotations

from grants.fields import SCHOOL, names
from models import DossierRecord, SchoolRecord, User, db

from . import directory
from .dossiers import log
from .editing import Saved, find, plain, save_fields

SCHOOL_FIELDS = names(SCHOOL)


def add_school(rec: DossierRecord, user: User | None, values: dict) -> SchoolRecord:
    """A new school at the end of the list."""
    position = max((s.position for s in rec.schools), default=-1) + 1
    school = SchoolRecord(dossier_id=rec.id, position=position, inventory={}, **values)
    rec.schools.append(school)
    db.session.flush()
    log(rec, user, "school", school.id, "create", school.name, {k: [None, v] for k, v in values.items()})
    return school


def update_school(
    rec: DossierRecord, user: User | None, school_id: int, read_version: int, values: dict, **merge
) -> Saved:
    """Merge a school's edit; its lines follow a corrected UAI (each line's change is logged, so
    that a colleague's edit of one of them merges with it)."""
    school = find(rec, "school", school_id)
    old_uai = school.uai
    saved = save_fields(
        rec,
        school,
        "version",
        read_version,
        values,
        user,
        "school",
        values.get("name") or school.name,
        **merge,
    )
    if school.source_note and {"classes", "pupils", "uai"} & set(saved.changes):
        school.source_note = ""  # the figures are the team's now, no longer the directory's
    if "uai" in saved.changes and old_uai != school.uai:
        # The circonscription is the directory's for the UAI (it says which IEN reviews the
        # school): a new UAI takes its own, or none when the directory does not know it.
        entry = directory.by_uai([school.uai]).get(school.uai)
        school.circonscription = entry.circonscription if entry is not None else ""
        for line in rec.lines:
            if line.school_uai == old_uai:
                line.version += 1
                log(
                    rec,
                    user,
                    "line",
                    line.id,
                    "update",
                    line.label,
                    {"school_uai": [plain(old_uai), plain(school.uai)], "_v": line.version},
                )
                line.school_uai = school.uai
    return saved


def remove_school(rec: DossierRecord, user: User | None, school_id: int) -> tuple[str, int]:
    """Remove a school and its budget lines; returns its name and how many lines went with it."""
    school = find(rec, "school", school_id)
    lines = [ln for ln in rec.lines if ln.school_uai == school.uai]
    others = [s for s in rec.schools if s.uai == school.uai and s.id != school.id]
    if others:
        lines = []  # another school carries the same UAI: its lines stay with it
    for line in lines:
        log(rec, user, "line", line.id, "delete", line.label, {"school_uai": [plain(line.school_uai), None]})
        rec.lines.remove(line)
    log(rec, user, "school", school.id, "delete", school.name, {"lines_removed": len(lines)})
    rec.schools.remove(school)
    db.session.flush()
    return school.name, len(lines)


def update_inventory(
    rec: DossierRecord,
    user: User | None,
    school_id: int,
    read_version: int,
    inventory: dict[str, int],
    **merge,
) -> Saved:
    """Merge a school's état des lieux, item by item."""
    school = find(rec, "school", school_id)
    return save_fields(
        rec, school, "version", read_version, {"inventory": inventory}, user, "school", school.name, **merge
    )
