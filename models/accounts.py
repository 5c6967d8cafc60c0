"""People, the collectivités they work for, invitations, and the inspectors' scopes."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import UTCDateTime, db, utcnow

INSPECTOR_LEVELS = ("ien", "dasen", "dan")


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str] = mapped_column(sa.String(5), default="fr")
    is_admin: Mapped[bool] = mapped_column(default=False)
    inspector_level: Mapped[str | None] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped when the password changes: sessions carry it, so old sessions end.
    session_version: Mapped[int] = mapped_column(default=1)
    # Second factor (inspectors and administrators): the TOTP secret once enrolment is confirmed,
    # and the last time step accepted (a code is accepted once).
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", lazy="selectin", foreign_keys="Membership.user_id"
    )
    scopes: Mapped[list["InspectorScope"]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )
    circonscriptions: Mapped[list["InspectorCirconscription"]] = relationship(
        lazy="select", cascade="all, delete-orphan", order_by="InspectorCirconscription.name"
    )

    # Flask-Login's protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def needs_second_factor(self) -> bool:
        """Inspectors and administrators decide on public money: a code at each sign-in."""
        return self.is_admin or self.inspector_level is not None

    @property
    def is_inspector(self) -> bool:
        return self.inspector_level is not None

    @property
    def departements(self) -> list[str]:
        return sorted(s.departement for s in self.scopes)

    @property
    def organisation_ids(self) -> set[int]:
        return {m.organisation_id for m in self.memberships}


class Organisation(db.Model):
    """A collectivité as an account: its members share its dossiers."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), default="commune")
    siret: Mapped[str] = mapped_column(sa.String(14), default="")
    insee: Mapped[str] = mapped_column(sa.String(5), default="")
    departement: Mapped[str] = mapped_column(sa.String(3), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="organisation")


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(sa.String(10), default="member")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who may deposit (docs in SECURITY.md): "representative" (the legal representative himself)
    # or "delegation" (a recorded delegation, `delegation` says which act); "" for the others.
    deposit_right: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")
    delegation: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    right_granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    right_granted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped["User"] = relationship(back_populates="memberships", foreign_keys=[user_id])
    organisation: Mapped["Organisation"] = relationship(back_populates="memberships", lazy="joined")


class Invitation(db.Model):
    """A colleague invited by e-mail to join a collectivité; the link works until revoked."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped["Organisation"] = relationship(lazy="joined")


class OrganisationEvent(db.Model):
    """The collectivité's log: who joined, who removed whom, who gave or withdrew the right to
    deposit. Written once (services/immutable.py)."""

    __tablename__ = "organisation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(30))
    # The person concerned, by name and e-mail as they were (an account may be deleted later)
    subject: Mapped[str] = mapped_column(sa.String(500), default="")
    detail: Mapped[str] = mapped_column(sa.String(300), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped["User | None"] = relationship(lazy="joined")


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginAttempt(db.Model):
    """Failed sign-ins and reset requests, kept in the database so every process sees them."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(300), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class InspectorScope(db.Model):
    """A département an inspector covers."""

    __tablename__ = "inspector_scopes"
    __table_args__ = (sa.UniqueConstraint("user_id", "departement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    departement: Mapped[str] = mapped_column(sa.String(3), index=True)

    user: Mapped["User"] = relationship(back_populates="scopes")


class RecoveryCode(db.Model):
    """A single-use code that replaces the authenticator once (stored hashed)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AdminAction(db.Model):
    """What an administrator did to an account (or a command run on the server): written once."""

    __tablename__ = "admin_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(30))
    target_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    target_label: Mapped[str] = mapped_column(sa.String(254), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")


class InspectorCirconscription(db.Model):
    """A circonscription an IEN inspects: the dossiers of its schools are assigned to them."""

    __tablename__ = "inspector_circonscriptions"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "departement", "name"),
        sa.Index("ix_inspector_circonscriptions_lookup", "departement", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    departement: Mapped[str] = mapped_column(sa.String(3))
    name: Mapped[str] = mapped_column(sa.String(200))
