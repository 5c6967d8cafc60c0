"""The audit trail cannot be changed through the application: state changes, deposits and the
change log are written once. (Deleting a whole dossier removes them through the database's
ON DELETE CASCADE, which these guards do not see, on purpose.)"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState, Session

from models import AdminAction, ChangeLog, Deposit, StateChange

PROTECTED = (StateChange, Deposit, ChangeLog, AdminAction)


class ImmutableRow(RuntimeError):
    """An attempt to update or delete a row of the audit trail."""


def _refuse(_mapper, _connection, target) -> None:
    raise ImmutableRow(f"{type(target).__name__} {target.id}: audit rows are never changed")


def _refuse_bulk(state: ORMExecuteState) -> None:
    if (
        (state.is_update or state.is_delete)
        and state.bind_mapper is not None
        and state.bind_mapper.class_ in PROTECTED
    ):
        raise ImmutableRow(f"{state.bind_mapper.class_.__name__}: audit rows are never changed")


def protect() -> None:
    """Install the guards (idempotent)."""
    for model in PROTECTED:
        for name in ("before_update", "before_delete"):
            if not sa.event.contains(model, name, _refuse):
                sa.event.listen(model, name, _refuse)
    if not sa.event.contains(Session, "do_orm_execute", _refuse_bulk):
        sa.event.listen(Session, "do_orm_execute", _refuse_bulk)
