"""Saving one part of a dossier without overwriting a colleague's save (optimistic locking)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from models import ChangeLog, DossierRecord, User, db

from .dossiers import log


@dataclass
class Conflict(Exception):
    """Someone saved this part since the form was loaded; `entries` say who and what."""

    part: str
    object_id: int | None
    entries: list[ChangeLog]
    deleted: bool = False


def plain(value: Any) -> Any:
    """A value as the history stores it (JSON)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def changes_since(dossier_id: int, part: str, object_id: int | None, version: int) -> list[ChangeLog]:
    """The history entries of a part newer than a version."""
    entries = db.session.scalars(
        sa.select(ChangeLog)
        .where(ChangeLog.dossier_id == dossier_id, ChangeLog.part == part, ChangeLog.object_id == object_id)
        .order_by(ChangeLog.id)
    ).all()
    return [e for e in entries if (e.changes or {}).get("_v", 0) > version]


def save_fields(
    rec: DossierRecord,
    obj: Any,
    version_attr: str,
    expected: int,
    values: dict,
    user: User | None,
    part: str,
    label: str,
) -> dict:
    """Write `values` on `obj` if its version is still `expected`; raise Conflict otherwise.

    The check and the write are one UPDATE … WHERE version = expected, so two processes
    saving at once cannot both succeed.
    """
    model = type(obj)
    changes = {k: [plain(getattr(obj, k)), plain(v)] for k, v in values.items() if getattr(obj, k) != v}
    stmt = (
        sa.update(model)
        .where(model.id == obj.id, getattr(model, version_attr) == expected)
        .values(**values, **{version_attr: expected + 1})
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(stmt).rowcount != 1:
        object_id = None if part in ("collectivite", "project") else obj.id
        raise Conflict(part, object_id, changes_since(rec.id, part, object_id, expected))
    db.session.expire(obj)
    if changes:
        changes["_v"] = expected + 1
        log(rec, user, part, None if model is DossierRecord else obj.id, "update", label, changes)
    return changes
