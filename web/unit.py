"""One unit of work per request that changes a dossier.

The view's `@policy(..., edit=True)` has loaded the dossier of the URL, locked it until the
commit and checked that this user may change it. `change()` then applies the service's change,
evaluates the dossier once (which stores the figures and the evaluation for the pages that
follow), lets the services' history entries go with it, and commits. A colleague's removal of the
school, line or funder being saved, and the field conflicts of a merge, come back in the
`Outcome` for the view to render: the view itself only parses its form and renders.

A view cannot skip a step: `change()` refuses to run without the policy's lock, and a commit of
a changed dossier that was not evaluated is refused (`install`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import abort, g, has_request_context
from flask_login import current_user
from sqlalchemy.orm import ORMExecuteState, Session

from grants.fields import COLLECTIVITE, PROJECT, names
from models import CofunderRecord, DossierRecord, LineRecord, SchoolRecord, db
from services.dossiers import Evaluated, evaluated, forget_kept, load, refresh
from services.editing import Deleted, FieldConflict, Kept, Missing, Saved

EDITED = (DossierRecord, SchoolRecord, LineRecord, CofunderRecord)


@dataclass
class Outcome:
    """What a change did, for the view to render."""

    record: DossierRecord
    value: Any = None  # what the service returned (the new line, the number of schools…)
    result: Evaluated | None = None
    deleted: Deleted | None = None
    conflicts: list[FieldConflict] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.deleted is None and not self.conflicts


class UnevaluatedChange(RuntimeError):
    """A dossier's content was committed without its evaluation being brought up to date."""


def change(apply: Callable[..., Any], *args, **kwargs) -> Outcome:
    """Run `apply(rec, user, *args, **kwargs)` on the locked dossier of the request, evaluate
    once, commit. A colleague's removal of the object comes back as `deleted` (nothing changed);
    field conflicts come back as `conflicts`, the other fields being saved."""
    rec = g.get("dossier")
    if rec is None or not g.get("dossier_locked"):
        raise RuntimeError("change() needs the dossier locked by the view's @policy(..., edit=True)")
    db.session.info.pop("unevaluated", None)
    try:
        value = apply(rec, current_user, *args, **kwargs)
    except Deleted as deleted:
        db.session.rollback()
        return Outcome(_reload(rec.id), deleted=deleted)
    except Missing:
        db.session.rollback()
        abort(404)
    if db.session.info.get("unevaluated") is False:
        result = evaluated(rec)  # the service evaluated the change itself (the spreadsheet import)
    else:
        result = refresh(rec, current_user)
    db.session.commit()
    g.dossier_locked = False
    saved = value if isinstance(value, Saved) else None
    return Outcome(
        rec,
        value,
        result,
        conflicts=saved.conflicts if saved else [],
        kept=saved.kept if saved else [],
    )


def _reload(dossier_id: int) -> DossierRecord:
    rec = load(dossier_id)
    if rec is None:
        abort(404)
    g.dossier, g.dossier_locked = rec, False
    return rec


CONTENT = frozenset(names(COLLECTIVITE) + names(PROJECT))


def _content_changed(obj) -> bool:
    if not isinstance(obj, EDITED):
        return False
    if not isinstance(obj, DossierRecord):
        return True
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in CONTENT)


def _dossier_of(obj) -> int | None:
    """The dossier a changed row belongs to, read without loading anything (None: unknown)."""
    return sa.inspect(obj).dict.get("id" if isinstance(obj, DossierRecord) else "dossier_id")


def _after_flush(session: Session, _context) -> None:
    changed = {
        _dossier_of(o) for o in (*session.new, *session.dirty, *session.deleted) if _content_changed(o)
    }
    if changed:
        session.info["unevaluated"] = True
        # The dossiers whose kept evaluations a commit outside a request drops (None: every one).
        ids = session.info.setdefault("unevaluated_ids", set())
        if ids is not None:
            ids.update(changed)
            if None in ids:
                session.info["unevaluated_ids"] = None


def _on_execute(state: ORMExecuteState) -> None:
    writes = state.is_update or state.is_delete or state.is_insert
    if writes and state.bind_mapper is not None and state.bind_mapper.class_ in EDITED[1:]:
        state.session.info["unevaluated"] = True
        state.session.info["unevaluated_ids"] = None  # a bulk statement: which dossiers is unknown


def _before_commit(session: Session) -> None:
    """A request must evaluate what it changed. Elsewhere (a script, a test writing rows
    directly) the changed dossiers' kept evaluations and panels are dropped instead (every
    dossier's after a bulk statement): their pages evaluate again, the others' keep theirs."""
    if session.in_nested_transaction():
        return  # a savepoint (services.dossiers' reference retry) is not the request's commit
    if session.new or session.dirty or session.deleted:
        session.flush()  # what the commit would flush, seen by _after_flush first
    ids = session.info.pop("unevaluated_ids", None)
    if not session.info.pop("unevaluated", False):
        return
    if has_request_context():
        raise UnevaluatedChange(
            "a dossier's content changed without services.dossiers.refresh: views change dossiers "
            "through web.unit.change"
        )
    from services import stored

    from .wizard.common import forget_panels

    stored.forget(ids)  # in this transaction: the commit drops what other workers would read
    forget_kept(ids)
    forget_panels(ids)


def _forget(session: Session, *_args) -> None:
    session.info.pop("unevaluated", None)
    session.info.pop("unevaluated_ids", None)


def install() -> None:
    """The guard, on every session (idempotent): a request that commits a changed dossier
    without evaluating it fails, in tests as in production, instead of storing stale figures."""
    for name, fn in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_rollback", _forget),
        ("after_soft_rollback", _forget),
        ("do_orm_execute", _on_execute),
    ):
        if not sa.event.contains(Session, name, fn):
            sa.event.listen(Session, name, fn)
