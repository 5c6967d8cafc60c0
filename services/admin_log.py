"""The administrators' action log: who opened, changed, deactivated or reactivated which account,
who reset a second factor or sent a mail again. Written in the same transaction as the action,
never changed afterwards (services.immutable)."""

from __future__ import annotations

import sqlalchemy as sa

from grants.i18n import N_
from models import AdminAction, User, db

ACTIONS = {
    "inspector_created": N_("compte d'inspection ouvert"),
    "admin_created": N_("compte d'administration ouvert"),
    "scope_changed": N_("niveau ou départements changés"),
    "deactivated": N_("compte désactivé"),
    "reactivated": N_("compte réactivé"),
    "second_factor_reset": N_("double authentification réinitialisée"),
    "mail_retried": N_("courriel renvoyé"),
}
COMMAND_LINE = "ligne de commande"


def record(by: User | None, action: str, target: User | None = None, detail: str = "") -> AdminAction:
    """Log an action (`by` None: a command run on the server)."""
    assert action in ACTIONS, action
    entry = AdminAction(
        actor_id=by.id if by else None,
        actor_label=by.email if by else COMMAND_LINE,
        action=action,
        target_id=target.id if target else None,
        target_label=target.email if target else "",
        detail=detail[:2000],
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries(limit: int = 500) -> list[AdminAction]:
    """The latest actions first."""
    return list(db.session.scalars(sa.select(AdminAction).order_by(AdminAction.id.desc()).limit(limit)))
