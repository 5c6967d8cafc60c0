"""Inspectors' accounts: created by an administrator with their level and départements."""

from __future__ import annotations

import secrets
from collections import Counter

import sqlalchemy as sa

from grants.i18n import N_
from models import DirectoryEstablishment, DossierRecord, InspectorCirconscription, InspectorScope, User, db
from models.accounts import INSPECTOR_LEVELS
from models.base import utcnow

from .accounts import create_user
from .dossiers import log


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


def set_circonscriptions(user: User, departement_names: list[tuple[str, str]]) -> None:
    """The circonscriptions an IEN inspects, as (département, name) pairs (replacing the others)."""
    wanted = {(d.strip().upper(), " ".join(n.split())) for d, n in departement_names if n.strip()}
    user.circonscriptions = [InspectorCirconscription(departement=d, name=n[:200]) for d, n in sorted(wanted)]
    db.session.flush()


def circonscription_of(rec: DossierRecord) -> str:
    """The circonscription of the dossier's schools: the one most of them belong to, as the
    dossier recorded it or, failing that, as the school directory knows it ("" when unknown)."""
    names = {s.uai: s.circonscription for s in rec.schools}
    unknown = [uai for uai, name in names.items() if not name]
    if unknown:
        found = dict(
            db.session.execute(
                sa.select(DirectoryEstablishment.uai, DirectoryEstablishment.circonscription).where(
                    DirectoryEstablishment.uai.in_(unknown)
                )
            ).all()
        )
        names.update({uai: found.get(uai, "") for uai in unknown})
    counts = Counter(name for name in names.values() if name)
    if not counts:
        return ""
    return min(counts, key=lambda name: (-counts[name], name))


def ien_of(departement: str, circonscription: str) -> User | None:
    """The active IEN of a circonscription (the first by name when several share it)."""
    if not circonscription:
        return None
    return db.session.scalars(
        sa.select(User)
        .join(InspectorCirconscription, InspectorCirconscription.user_id == User.id)
        .where(
            InspectorCirconscription.departement == departement,
            sa.func.lower(InspectorCirconscription.name) == circonscription.lower(),
            User.active.is_(True),
            User.inspector_level.is_not(None),
        )
        .order_by(User.name, User.id)
        .limit(1)
    ).first()


def assign_auto(rec: DossierRecord) -> User | None:
    """When the dossier reaches the inspection (shared or deposited): note its circonscription
    and, unless someone already has it, give it to that circonscription's IEN."""
    rec.circonscription = circonscription_of(rec)[:200]
    if rec.assignee_id is None:
        ien = ien_of(rec.departement, rec.circonscription)
        if ien is not None:
            rec.assignee_id = ien.id
    db.session.flush()
    return rec.assignee


def assignable(departement: str | list[str]) -> list[User]:
    """The active inspectors of a département (or of any of several), who may be given its dossiers."""
    codes = [departement] if isinstance(departement, str) else list(departement)
    return list(
        db.session.scalars(
            sa.select(User)
            .where(
                User.id.in_(sa.select(InspectorScope.user_id).where(InspectorScope.departement.in_(codes))),
                User.inspector_level.is_not(None),
                User.active.is_(True),
            )
            .order_by(User.name, User.id)
        )
    )


def assign(rec: DossierRecord, by: User, assignee: User | None) -> None:
    """Give the dossier to an inspector of its département (None: to nobody); logged."""
    if assignee is not None and (
        not assignee.active or not assignee.is_inspector or rec.departement not in assignee.departements
    ):
        from .workflow import Refused

        raise Refused([N_("Cet inspecteur ne couvre pas le département du dossier.")])
    before = rec.assignee.name if rec.assignee else ""
    rec.assignee_id = assignee.id if assignee else None
    rec.assignee = assignee
    rec.updated_at = utcnow()  # the inbox's « Dernière activité »
    log(
        rec,
        by,
        "review",
        None,
        "assign",
        assignee.name if assignee else "",
        {"from": before, "to": assignee.name if assignee else ""},
    )
    db.session.flush()


def names_of(departements: list[str]) -> list[tuple[int, str]]:
    """(id, name) of the active inspectors of these départements, by name (one light query)."""
    return list(
        db.session.execute(
            sa.select(User.id, User.name)
            .where(
                User.id.in_(
                    sa.select(InspectorScope.user_id).where(InspectorScope.departement.in_(departements))
                ),
                User.inspector_level.is_not(None),
                User.active.is_(True),
            )
            .order_by(User.name, User.id)
        ).tuples()
    )
