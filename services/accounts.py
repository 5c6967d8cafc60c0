"""Accounts: sign-up, collectivités and their members, invitations, password resets, throttling."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from grants.i18n import N_
from models import Invitation, LoginAttempt, Membership, Organisation, PasswordReset, User, db
from models.base import utcnow

from .passwords import check_password, hash_password, needs_rehash

INVITATION_DAYS = 14
RESET_MINUTES = 60

# The delegation recorded for a collectivité's first member: a message, shown in the reader's
# language (stored in French, as rows made before the translation hold it).
CREATOR_DELEGATION = N_("Créateur de l'espace de la collectivité")
CREATOR_DELEGATIONS = (
    CREATOR_DELEGATION,
    N_("Créateur de l'espace de la collectivité (droit repris à la mise à jour)"),
)


def token_hash(token: str) -> str:
    """Tokens are stored hashed: a copy of the database does not open accounts."""
    return hashlib.sha256(token.encode()).hexdigest()


def find_user(email: str) -> User | None:
    """The user of an e-mail address (case-insensitive)."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(email: str, name: str, password: str, locale: str = "fr") -> User:
    """A new account with a hashed password."""
    user = User(
        email=email.strip().lower(), name=name.strip(), password_hash=hash_password(password), locale=locale
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user when the password matches and the account is active. A hash made with older
    parameters is made again with today's (the caller commits it with the sign-in)."""
    user = find_user(email)
    if user is None or not user.active or not check_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.flush()
    return user


def create_organisation(
    user: User, name: str, kind: str, siret: str, insee: str, departement: str
) -> Organisation:
    """A collectivité whose first member (and administrator) is the user."""
    org = Organisation(name=name.strip(), kind=kind, siret=siret, insee=insee, departement=departement)
    db.session.add(org)
    db.session.flush()
    # The creator holds the right to deposit first, and records it for others (services/members.py).
    db.session.add(
        Membership(
            user_id=user.id,
            organisation_id=org.id,
            role="admin",
            deposit_right="delegation",
            delegation=CREATOR_DELEGATION,
        )
    )
    db.session.flush()
    return org


def invite(org: Organisation, by: User, email: str) -> tuple[Invitation, str]:
    """An invitation for a colleague; the token is returned once, to be e-mailed."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation_id=org.id,
        email=email.strip().lower(),
        token_hash=token_hash(token),
        invited_by_id=by.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def open_invitation(token: str) -> Invitation | None:
    """The invitation of a token if it is still valid (not revoked, used or expired)."""
    invitation = db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None or invitation.revoked_at or invitation.accepted_at:
        return None
    return invitation if invitation.expires_at > utcnow() else None


def accept_invitation(invitation: Invitation, user: User) -> None:
    """The user joins the invitation's collectivité."""
    invitation.accepted_at = utcnow()
    if invitation.organisation_id not in user.organisation_ids:
        db.session.add(Membership(user_id=user.id, organisation_id=invitation.organisation_id))
    db.session.flush()


def start_reset(user: User) -> str:
    """A password-reset token valid for an hour."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=token_hash(token),
            expires_at=utcnow() + timedelta(minutes=RESET_MINUTES),
        )
    )
    db.session.flush()
    return token


def open_reset(token: str) -> PasswordReset | None:
    """The reset of a token if still usable."""
    reset = db.session.scalar(sa.select(PasswordReset).where(PasswordReset.token_hash == token_hash(token)))
    if reset is None or reset.used_at or reset.expires_at <= utcnow():
        return None
    return reset


def finish_reset(reset: PasswordReset, password: str) -> User:
    """Set the new password; every other session of the account ends."""
    user = db.session.get(User, reset.user_id)
    assert user is not None
    user.password_hash = hash_password(password)
    end_sessions(user)
    # Every pending link of the account dies with it: an older e-mail cannot change it again.
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    db.session.flush()
    return user


def end_sessions(user: User) -> None:
    """End every session of the account (each cookie carries the version, remember-me too)."""
    user.session_version += 1
    db.session.flush()


def set_active(user: User, active: bool) -> None:
    """Deactivate an account (every session ends at once) or reactivate it (it signs in again)."""
    user.active = active
    end_sessions(user)


def record_attempts(keys: tuple[str, ...]) -> list[int]:
    """Count one try for each key (an e-mail, an address); the caller commits before counting,
    so that parallel tries see each other (kept in the database: every process sees them)."""
    rows = [LoginAttempt(key=key[:300]) for key in keys]
    db.session.add_all(rows)
    db.session.flush()
    return [row.id for row in rows]


def over_limit(keys: tuple[str, ...], limit: int, minutes: int) -> bool:
    """Whether any key has more than `limit` tries in the last minutes (the current one included)."""
    since = utcnow() - timedelta(minutes=minutes)
    for key in keys:
        count = db.session.scalar(
            sa.select(sa.func.count(LoginAttempt.id)).where(
                LoginAttempt.key == key[:300], LoginAttempt.at > since
            )
        )
        if (count or 0) > limit:
            return True
    return False


def forget_attempts(ids: list[int]) -> None:
    """A try that succeeded does not count against the account."""
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.id.in_(ids)))
    db.session.flush()
