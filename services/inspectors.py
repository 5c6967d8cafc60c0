"""Inspectors' accounts: created by an administrator with their level and départements."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from models import InspectorScope, User, db
from models.accounts import INSPECTOR_LEVELS

from .accounts import create_user


def create_inspector(
    email: str, name: str, level: str, departements: list[str], password: str | None = None
) -> User:
    """A new inspector; without a password, a random one (the person then sets theirs by reset)."""
    user = create_user(email, name, password or secrets.token_urlsafe(24))
    set_scope(user, level, departements)
    return user


def set_scope(user: User, level: str, departements: list[str]) -> None:
    """An inspector's level and the départements they cover (replacing the previous ones)."""
    assert level in INSPECTOR_LEVELS, level
    user.inspector_level = level
    wanted = sorted(set(departements))
    user.scopes = [s for s in user.scopes if s.departement in wanted]
    have = {s.departement for s in user.scopes}
    user.scopes.extend(InspectorScope(departement=d) for d in wanted if d not in have)
    db.session.flush()


def inspectors() -> list[User]:
    """Every inspector, by name."""
    return list(
        db.session.scalars(sa.select(User).where(User.inspector_level.is_not(None)).order_by(User.name))
    )
