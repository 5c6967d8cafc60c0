"""Adding, changing and removing a dossier's schools and their état des lieux."""

from __future__ import annotations

import sqlalchemy as sa

from models import DossierRecord, LineRecord, SchoolRecord, User, db

from .dossiers import log
from .editing import save_fields

SCHOOL_FIELDS = ("uai", "name", "kind", "sector", "classes", "pupils")


def add_school(rec: DossierRecord, user: User | None, values: dict) -> SchoolRecord:
    """A new school at the end of the list."""
    position = max((s.position for s in rec.schools), default=-1) + 1
    school = SchoolRecord(dossier_id=rec.id, position=position, inventory={}, **values)
    rec.schools.append(school)
    db.session.flush()
    log(rec, user, "school", school.id, "create", school.name, {k: [None, v] for k, v in values.items()})
    return school


def update_school(
    rec: DossierRecord, school: SchoolRecord, user: User | None, expected: int, values: dict
) -> dict:
    """Change a school; its lines follow a corrected UAI."""
    old_uai = school.uai
    changes = save_fields(rec, school, "version", expected, values, user, "school", values.get("name", ""))
    if school.source_note and {"classes", "pupils", "uai"} & set(changes):
        school.source_note = ""  # the figures are the team's now, no longer the directory's
    if "uai" in changes and old_uai != values["uai"]:
        db.session.execute(
            sa.update(LineRecord)
            .where(LineRecord.dossier_id == rec.id, LineRecord.school_uai == old_uai)
            .values(school_uai=values["uai"])
        )
    return changes


def remove_school(rec: DossierRecord, school: SchoolRecord, user: User | None) -> int:
    """Remove a school and its budget lines; returns how many lines went with it."""
    lines = [ln for ln in rec.lines if ln.school_uai == school.uai]
    others = [s for s in rec.schools if s.uai == school.uai and s.id != school.id]
    if others:
        lines = []  # another school carries the same UAI: its lines stay with it
    for line in lines:
        rec.lines.remove(line)
    log(rec, user, "school", school.id, "delete", school.name, {"lines_removed": len(lines)})
    rec.schools.remove(school)
    db.session.flush()
    return len(lines)


def update_inventory(
    rec: DossierRecord, school: SchoolRecord, user: User | None, expected: int, inventory: dict[str, int]
) -> dict:
    """Save a school's état des lieux."""
    return save_fields(
        rec, school, "version", expected, {"inventory": inventory}, user, "school", school.name
    )
