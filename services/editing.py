"""Saving one part of a dossier without losing a colleague's save: field by field.

A save carries the version its page was read at (and, for the autosaved texts, the values the
page showed). What colleagues saved since is read back from the history: a field only they
changed keeps their value, a field only this person changed takes this person's value, and a
field both changed to different values is a conflict, left as stored and returned with both
values, who and when, for this person to choose. The dossier's row is locked by the unit of work
(web/unit.py), so the read, the merge and the write see no other save in between.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from grants.fields import PARTS, Field, comparable, merge
from models import ChangeLog, DossierRecord, User, db

from .dossiers import log


@dataclass
class Conflict(Exception):
    """Kept for callers that refuse a whole change (the spreadsheet import)."""

    part: str
    object_id: int | None
    entries: list[ChangeLog]
    deleted: bool = False


@dataclass
class FieldConflict:
    """One field both people changed: the stored value (theirs) stays until this person chooses."""

    part: str
    object_id: int | None
    field: str
    mine: Any
    theirs: Any
    who: User | None
    at: datetime | None


@dataclass
class Kept:
    """A field a colleague changed since the page was read, and this person did not."""

    field: str
    value: Any
    who: User | None
    at: datetime | None


@dataclass
class Saved:
    """What a save did: the fields it wrote, the colleagues' changes it kept, the conflicts."""

    changes: dict = field(default_factory=dict)
    kept: list[Kept] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)


@dataclass
class Deleted(Exception):
    """The school, line or funder was removed by a colleague before this save reached it."""

    part: str
    object_id: int
    label: str
    who: User | None
    at: datetime | None


def plain(value: Any) -> Any:
    """A value as the history stores it (JSON)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def changes_since(dossier_id: int, part: str, object_id: int | None, version: int) -> list[ChangeLog]:
    """The history entries of a part newer than a version, oldest first."""
    entries = db.session.scalars(
        sa.select(ChangeLog)
        .where(ChangeLog.dossier_id == dossier_id, ChangeLog.part == part, ChangeLog.object_id == object_id)
        .where(ChangeLog.action == "update")
        .order_by(ChangeLog.id)
    ).all()
    return [e for e in entries if (e.changes or {}).get("_v", 0) > version]


def deletion(dossier_id: int, part: str, object_id: int) -> ChangeLog | None:
    """The history entry of a removed school, line or funder."""
    return db.session.scalars(
        sa.select(ChangeLog)
        .where(
            ChangeLog.dossier_id == dossier_id,
            ChangeLog.part == part,
            ChangeLog.object_id == object_id,
            ChangeLog.action == "delete",
        )
        .order_by(ChangeLog.id.desc())
        .limit(1)
    ).first()


def _read_values(obj: Any, names: list[str], entries: list[ChangeLog]) -> dict:
    """The values the page showed at its version: today's, with what changed since put back."""
    values = {name: getattr(obj, name) for name in names}
    for entry in reversed(entries):
        for name, pair in entry.changes.items():
            if name in values and isinstance(pair, list) and len(pair) == 2:
                values[name] = pair[0]
    return values


def _last_change(entries: list[ChangeLog], name: str) -> ChangeLog | None:
    return next((e for e in reversed(entries) if name in (e.changes or {})), None)


def save_fields(
    rec: DossierRecord,
    obj: Any,
    version_attr: str,
    read_version: int,
    values: dict,
    user: User | None,
    part: str,
    label: str,
    shown: dict | None = None,
    keep_theirs: set[str] | frozenset = frozenset(),
) -> Saved:
    """Merge `values`, typed on a page read at `read_version`, into `obj`, and write what this
    person changed. `shown` (optional) is what the page showed, when the page sends it (the
    autosaved texts); otherwise it is read from the history. Fields in `keep_theirs` are those
    where the person chose the colleague's value after a conflict."""
    specs: tuple[Field, ...] = tuple(f for f in PARTS[part] if f.name in values)
    object_id = None if part in ("collectivite", "project") else obj.id
    current = getattr(obj, version_attr)
    entries = changes_since(rec.id, part, object_id, read_version) if read_version < current else []
    names = [f.name for f in specs]
    base = _read_values(obj, names, entries)
    if shown:
        base.update({k: v for k, v in shown.items() if k in base})
    mine = {k: v for k, v in values.items() if k not in keep_theirs}
    theirs = {name: getattr(obj, name) for name in names}
    result = merge(specs, base, mine, theirs)
    saved = Saved()
    for name in result.kept:
        entry = _last_change(entries, name)
        saved.kept.append(
            Kept(name, theirs[name], entry.user if entry else None, entry.at if entry else None)
        )
    for name, (m, t) in result.conflicts.items():
        entry = _last_change(entries, name)
        saved.conflicts.append(
            FieldConflict(
                part, object_id, name, m, t, entry.user if entry else None, entry.at if entry else None
            )
        )
    spec = {f.name: f for f in specs}
    write = {
        k: v for k, v in result.apply.items() if comparable(spec[k], v) != comparable(spec[k], theirs[k])
    }
    if not write:
        return saved
    model = type(obj)
    stmt = (
        sa.update(model)
        .where(model.id == obj.id, getattr(model, version_attr) == current)
        .values(**write, **{version_attr: current + 1})
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(stmt).rowcount != 1:  # the dossier's lock makes this unreachable
        raise Conflict(part, object_id, changes_since(rec.id, part, object_id, current))
    db.session.expire(obj)
    changes = {k: [plain(theirs[k]), plain(v)] for k, v in write.items()}
    saved.changes = dict(changes)
    changes["_v"] = current + 1
    log(rec, user, part, object_id, "update", label, changes)
    return saved


class Missing(Exception):
    """No such school, line or funder in this dossier, now or ever (a wrong URL)."""


COLLECTIONS = {"school": "schools", "line": "lines", "cofunder": "cofunders"}


def find(rec: DossierRecord, part: str, object_id: int) -> Any:
    """A school, line or funder of the dossier; `Deleted` (who, when) when a colleague removed
    it, `Missing` when it never was there."""
    obj = next((o for o in getattr(rec, COLLECTIONS[part]) if o.id == object_id), None)
    if obj is not None:
        return obj
    entry = deletion(rec.id, part, object_id)
    if entry is None:
        raise Missing(part, object_id)
    raise Deleted(part, object_id, entry.label, entry.user, entry.at)


def update_collectivite(
    rec: DossierRecord, user: User | None, read_version: int, values: dict, **merge
) -> Saved:
    """Merge an edit of the collectivité step (the seat commune follows a new code INSEE)."""
    from .filing import seat_following_code
    from .organisations import take_identity

    values = seat_following_code(rec, values)
    saved = save_fields(
        rec, rec, "version_collectivite", read_version, values, user, "collectivite", rec.name, **merge
    )
    take_identity(rec.organisation, rec)  # the next dossier starts from the corrected identity
    return saved


def update_project(
    rec: DossierRecord, user: User | None, read_version: int, values: dict, label: str, **merge
) -> Saved:
    """Merge an edit of the project's texts (the button's save and the autosave alike)."""
    return save_fields(rec, rec, "version_project", read_version, values, user, "project", label, **merge)
