"""A person's own data (RGPD articles 15 and 20) and the closing of an account (article 17, within
what public records allow): the dossiers, their history, deposits, comments and avis are kept,
signed by a pseudonym instead of the person's name."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from models import (
    Avis,
    ChangeLog,
    Comment,
    Deposit,
    DossierRecord,
    Invitation,
    LoginAttempt,
    Membership,
    Notification,
    PasswordReset,
    StateChange,
    User,
    db,
)
from models.base import utcnow

CLOSED_DOMAIN = "compte-ferme.invalid"


class SoleMember(Exception):
    """Closing would leave a collectivité's dossiers without anyone to answer for them."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def _dossier_refs(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(DossierRecord.id, DossierRecord.reference).where(DossierRecord.id.in_(ids))
    )
    return dict(rows.all())


def personal_data(user: User) -> dict:
    """Everything the application holds about `user`, as JSON-ready data."""
    logs = db.session.scalars(
        sa.select(ChangeLog).where(ChangeLog.user_id == user.id).order_by(ChangeLog.id)
    ).all()
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)
    ).all()
    avis = db.session.scalars(sa.select(Avis).where(Avis.by_id == user.id).order_by(Avis.id)).all()
    states = db.session.scalars(sa.select(StateChange).where(StateChange.by_id == user.id)).all()
    deposits = db.session.scalars(sa.select(Deposit).where(Deposit.deposited_by_id == user.id)).all()
    contact_of = db.session.scalars(
        sa.select(DossierRecord).where(DossierRecord.contact_email == user.email)
    ).all()
    notes = db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()
    refs = _dossier_refs({e.dossier_id for e in logs} | {a.dossier_id for a in avis})
    return {
        "format": "ecole-numerique-donnees-personnelles/1",
        "exported_at": utcnow().isoformat(),
        "account": {
            "name": user.name,
            "email": user.email,
            "locale": user.locale,
            "created_at": _iso(user.created_at),
            "administrator": user.is_admin,
            "inspector_level": user.inspector_level,
            "departements": sorted(s.departement for s in user.scopes),
        },
        "collectivites": [
            {"name": m.organisation.name, "role": m.role, "since": _iso(m.created_at)}
            for m in user.memberships
        ],
        "contact_of_dossiers": [
            {
                "dossier": r.reference,
                "name": r.contact_name,
                "email": r.contact_email,
                "phone": r.contact_phone,
            }
            for r in contact_of
        ],
        "changes": [
            {
                "at": _iso(e.at),
                "dossier": refs.get(e.dossier_id),
                "part": e.part,
                "action": e.action,
                "label": e.label,
            }
            for e in logs
        ],
        "comments": [{"at": _iso(c.created_at), "text": c.body} for c in comments],
        "avis": [
            {
                "at": _iso(a.at),
                "dossier": refs.get(a.dossier_id),
                "value": a.value,
                "motivation": a.motivation,
            }
            for a in avis
        ],
        "state_changes": [{"at": _iso(s.at), "from": s.from_state, "to": s.to_state} for s in states],
        "deposits": [{"at": _iso(d.deposited_at), "number": d.number, "digest": d.digest} for d in deposits],
        "notifications": [{"at": _iso(n.created_at), "text": n.text} for n in notes],
    }


def sole_memberships(user: User) -> list[str]:
    """The collectivités of which `user` is the only member."""
    names = []
    for m in user.memberships:
        count = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Membership)
            .where(Membership.organisation_id == m.organisation_id)
        )
        if count == 1:
            names.append(m.organisation.name)
    return names


def close_account(user: User) -> None:
    """Pseudonymise and deactivate `user`: name and e-mail replaced, password unusable, every
    session ended, memberships and personal notifications removed. What the person wrote in
    dossiers stays (public records), signed « Compte fermé n° … »."""
    alone = sole_memberships(user)
    if alone:
        raise SoleMember(alone)
    for model, column in ((Notification, Notification.user_id), (PasswordReset, PasswordReset.user_id)):
        db.session.execute(sa.delete(model).where(column == user.id))
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.key.contains(user.email)))
    db.session.execute(
        sa.update(Invitation)
        .where(
            Invitation.invited_by_id == user.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    for m in list(user.memberships):
        db.session.delete(m)
    user.scopes.clear()
    user.name = f"Compte fermé n° {user.id}"
    user.email = f"ferme-{user.id}@{CLOSED_DOMAIN}"
    user.password_hash = "!"  # matches no password
    user.active, user.is_admin, user.inspector_level = False, False, None
    user.session_version += 1
    db.session.flush()


def purge(now: datetime, log_days: int) -> dict[str, int]:
    """Remove what has outlived its retention period: failed sign-ins and notifications older
    than `log_days`. Dossiers and their history are public records: they are listed for the
    archivist (destruction needs the visa of the Archives), never deleted here."""
    limit = now - timedelta(days=log_days)
    attempts = db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < limit)).rowcount
    notes = db.session.execute(sa.delete(Notification).where(Notification.created_at < limit)).rowcount
    return {"login_attempts": attempts or 0, "notifications": notes or 0}


def dossiers_past_retention(now: datetime, years: int) -> list[str]:
    """References of the dossiers last changed more than `years` ago."""
    limit = now - timedelta(days=365 * years)
    return list(
        db.session.scalars(sa.select(DossierRecord.reference).where(DossierRecord.updated_at < limit)).all()
    )
