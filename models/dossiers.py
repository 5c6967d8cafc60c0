"""A dossier as the team edits it: one row per school, line and funder, each with a version."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.call import default_call_id

from .base import ExactDecimal, UTCDateTime, db, utcnow


class DossierRecord(db.Model):
    __tablename__ = "dossiers"
    __table_args__ = (
        sa.Index("ix_dossiers_dept_state_updated", "departement", "state", "updated_at"),
        sa.Index("ix_dossiers_dept_circonscription", "departement", "circonscription"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    # The call the dossier answers (a file of grants/calls/): the team's choice; a row inserted
    # without one (a seed, a bulk load) gets the call open now, or the one that closed last.
    call_id: Mapped[str] = mapped_column(sa.String(40), default=lambda: default_call_id(utcnow()))
    title: Mapped[str] = mapped_column(sa.String(200))
    practice: Mapped[bool] = mapped_column(default=False)
    reference: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    state: Mapped[str] = mapped_column(sa.String(30), default="brouillon")
    shared: Mapped[bool] = mapped_column(default=False)

    # The collectivité as the dossier presents it
    kind: Mapped[str] = mapped_column(sa.String(20), default="commune")
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    siret: Mapped[str] = mapped_column(sa.String(20), default="")
    insee: Mapped[str] = mapped_column(sa.String(10), default="")
    departement: Mapped[str] = mapped_column(sa.String(3), default="", index=True)
    population: Mapped[int | None] = mapped_column()
    vat_recovered: Mapped[bool] = mapped_column(default=True)
    rep_name: Mapped[str] = mapped_column(sa.String(200), default="")
    rep_title: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # What only the filed document shows (not in the interchange format): where and when it is
    # signed, the deliberation that authorises the candidature, the address and académie.
    seat_commune: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    academie: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    deliberation_number: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    deliberation_date: Mapped[date | None] = mapped_column(sa.Date)
    signed_on: Mapped[date | None] = mapped_column(sa.Date)

    # The pedagogical project
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    pedagogy: Mapped[str] = mapped_column(sa.Text, default="")
    ien: Mapped[str] = mapped_column(sa.Text, default="")
    concertation: Mapped[str] = mapped_column(sa.Text, default="")

    # Versions of the parts edited as one form (optimistic locking)
    version_collectivite: Mapped[int] = mapped_column(default=1)
    version_project: Mapped[int] = mapped_column(default=1)

    # Figures of the last evaluation, for the lists (cents, so every database sorts them)
    state_subsidy_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    project_cost_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    school_count: Mapped[int] = mapped_column(default=0)
    blocking_count: Mapped[int] = mapped_column(default=0)
    steps_status: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Incremented by every evaluated change: the key of the evaluation kept for the pages
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    # The review (services.review, services.inspectors): kept here for the inbox's one query
    circonscription: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    deposit_count: Mapped[int] = mapped_column(default=0, server_default="0")
    deposited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_deposited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last avis given on the current deposit (None: none yet on this deposit)
    avis_value: Mapped[str | None] = mapped_column(sa.String(30))
    granted_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    convention_number: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    organisation = relationship("Organisation", lazy="joined")
    assignee = relationship("User", foreign_keys=[assignee_id], lazy="select")
    schools: Mapped[list["SchoolRecord"]] = relationship(
        order_by="SchoolRecord.position", cascade="all, delete-orphan", back_populates="dossier"
    )
    lines: Mapped[list["LineRecord"]] = relationship(
        order_by="LineRecord.position", cascade="all, delete-orphan", back_populates="dossier"
    )
    cofunders: Mapped[list["CofunderRecord"]] = relationship(
        order_by="CofunderRecord.position", cascade="all, delete-orphan", back_populates="dossier"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        order_by="Attachment.id", cascade="all, delete-orphan", back_populates="dossier"
    )
    # Never read through the relationship: it is here so that deleting a dossier deletes them
    # on SQLite too, which does not enforce the foreign key's ON DELETE CASCADE.
    stored_panels: Mapped[list["StoredPanel"]] = relationship(cascade="all, delete-orphan", lazy="select")

    @property
    def editable(self) -> bool:
        return self.state in ("brouillon", "correction_demandee")


class SchoolRecord(db.Model):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    uai: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    sector: Mapped[str] = mapped_column(sa.String(30))
    classes: Mapped[int] = mapped_column(default=0)
    pupils: Mapped[int] = mapped_column(default=0)
    inventory: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Where the figures come from when picked in the school directory
    circonscription: Mapped[str] = mapped_column(sa.String(200), default="")
    commune: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    source_note: Mapped[str] = mapped_column(sa.String(200), default="")
    version: Mapped[int] = mapped_column(default=1)

    dossier: Mapped["DossierRecord"] = relationship(back_populates="schools")


class LineRecord(db.Model):
    __tablename__ = "lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    # The UAI, as in the interchange format: a line may name a school not (yet) in the dossier.
    school_uai: Mapped[str | None] = mapped_column(sa.String(20))
    category: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(300))
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal())
    unit_price_ht: Mapped[Decimal] = mapped_column(ExactDecimal())
    vat_rate: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    duration_months: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)

    dossier: Mapped["DossierRecord"] = relationship(back_populates="lines")


class CofunderRecord(db.Model):
    __tablename__ = "cofunders"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    funder: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    status: Mapped[str] = mapped_column(sa.String(20))
    rate: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    base: Mapped[str | None] = mapped_column(sa.String(20))
    version: Mapped[int] = mapped_column(default=1)

    dossier: Mapped["DossierRecord"] = relationship(back_populates="cofunders")


class ChangeLog(db.Model):
    """Who changed what and when: the dossier's history. Rows are never updated."""

    __tablename__ = "change_log"
    __table_args__ = (sa.Index("ix_change_log_dossier_at", "dossier_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    part: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int | None] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(30))
    label: Mapped[str] = mapped_column(sa.String(300), default="")
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    user = relationship("User", lazy="joined")


class Deposit(db.Model):
    """The frozen copy of what was deposited, with its digest: never changed afterwards."""

    __tablename__ = "deposits"
    __table_args__ = (sa.UniqueConstraint("dossier_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    deposited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deposited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    content: Mapped[str] = mapped_column(sa.Text)
    evaluation: Mapped[str] = mapped_column(sa.Text)
    digest: Mapped[str] = mapped_column(sa.String(64))
    # The attachments frozen with it: JSON list of {kind, filename, content_type, size, pages,
    # sha256}; the digest covers it (the files are content-addressed, kept forever).
    pieces: Mapped[str] = mapped_column(sa.Text, default="[]", server_default="[]")

    deposited_by = relationship("User", lazy="joined")


class Attachment(db.Model):
    """A piece attached to a dossier (délibération, devis…): its bytes stored once under their
    SHA-256 in the upload folder."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column()
    pages: Mapped[int | None] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    dossier = relationship("DossierRecord", back_populates="attachments")
    uploaded_by = relationship("User", lazy="joined")


class StoredPanel(db.Model):
    """What the pages of one revision of a dossier read instead of computing it again, shared by
    every worker and kept across restarts (services.stored): the evaluation (`part` =
    "evaluation") and the funding panel rendered in a locale ("panel:fr"). One row per dossier
    and part: the key columns say which revision, and which code and call definition
    (`fingerprint`) made it, and a row whose key differs from the dossier's is never read."""

    __tablename__ = "stored_panels"
    __table_args__ = (sa.UniqueConstraint("dossier_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"))
    part: Mapped[str] = mapped_column(sa.String(20))
    revision: Mapped[int] = mapped_column()
    stamp: Mapped[str] = mapped_column(sa.String(40))  # the revision's instant (dossiers.updated_at)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
